// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * kprobes.bpf.c - the BPF side of tests/kernel/kprobes_test.c: a ksyscall
 * and a kretsyscall on getppid, and a kprobe.multi program the test
 * attaches to the kernel's getppid and getpid entry points, each counting
 * the calls of one process.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

int target_tgid = -1;
__u64 ksys_hits = 0, kret_hits = 0, kmulti_hits = 0;

static int mine(void)
{
	return (int)(bpf_get_current_pid_tgid() >> 32) == target_tgid;
}

SEC("ksyscall/getppid")
int on_getppid(void *ctx)
{
	if (mine())
		__sync_fetch_and_add(&ksys_hits, 1);
	return 0;
}

SEC("kretsyscall/getppid")
int on_getppid_ret(void *ctx)
{
	if (mine())
		__sync_fetch_and_add(&kret_hits, 1);
	return 0;
}

SEC("kprobe.multi/__x64_sys_getp*")
int on_getp_multi(void *ctx)
{
	if (mine())
		__sync_fetch_and_add(&kmulti_hits, 1);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
