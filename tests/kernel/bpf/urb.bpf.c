// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * urb.bpf.c - the BPF side of tests/kernel/user_ringbuf_test.c: on each
 * getppid() of the test's thread, drain the user ring buffer, summing the
 * u64 records it finds.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct { __uint(type, BPF_MAP_TYPE_USER_RINGBUF); __uint(max_entries, 4096); } urb SEC(".maps");

int drain_tid = -1;
__u64 got = 0, sum = 0, bad = 0;
long last_ret = 0;

static long on_sample(struct bpf_dynptr *dynptr, void *ctx)
{
	__u64 v;

	if (bpf_dynptr_read(&v, sizeof(v), dynptr, 0, 0)) {
		bad++;
		return 0;
	}
	got++;
	sum += v;
	return 0;
}

SEC("raw_tp/sys_enter")
int drain(struct bpf_raw_tracepoint_args *ctx)
{
	if ((int)(__u32)bpf_get_current_pid_tgid() != drain_tid || ctx->args[1] != 110 /* getppid, x86-64 */)
		return 0;
	last_ret = bpf_user_ringbuf_drain(&urb, on_sample, NULL, 0);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
