// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The seed for btf_bounds.sh: `cyc` has the type chain const -> volatile ->
 * int and struct selfref a member, which btf_mutate.py turns into cycles. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

const volatile int cyc = 1;
struct selfref { int x; int y; } sr;
int out;

SEC("raw_tp/sys_enter")
int p(void *ctx)
{
	out = cyc + sr.y;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
