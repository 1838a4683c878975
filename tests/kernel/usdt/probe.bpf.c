// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A USDT program through libbpf's own <bpf/usdt.bpf.h>: counts the hits of
 * the target process, sums the first argument, keeps the second (signed,
 * 32-bit: sign extension) and the third (read from memory). */
#include "../../corpus/pt_regs.h"
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>

__u32 target_pid;
__u64 hits, sum, cookie;
__s64 last_neg, last_mem;

SEC("usdt") int BPF_USDT(on_hit, long a, int b, long c)
{
	if ((__u32)(bpf_get_current_pid_tgid() >> 32) != target_pid)
		return 0;
	hits++;
	sum += a;
	last_neg = b;
	last_mem = c;
	cookie = bpf_usdt_cookie(ctx);
	return 0;
}
char LICENSE[] SEC("license") = "GPL";
