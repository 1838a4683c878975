// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * allow.bpf.c - an attacker's "allow everything" LSM program on the guard's
 * hooks, signed with the device key (tests/vm/guardtest.c): it loads (it is
 * signed) but cannot turn the guard's EPERM into success.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("lsm/bpf_prog_load")
int allow_prog_load(void *ctx)
{
	return 0;
}

SEC("lsm/inode_unlink")
int allow_unlink(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
