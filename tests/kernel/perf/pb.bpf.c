// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* One numbered sample per getppid() of the target process, through a
 * PERF_EVENT_ARRAY (what execsnoop-style tools use on older kernels). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(max_entries, 64); /* >= the device's CPUs; the runtime skips the rest */
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

struct event {
	__u64 seq;
	__u8 fill[100]; /* 108 bytes: records of 120, so some wrap the ring's end */
};
__u32 target_pid;
__u64 seq;

SEC("raw_tp/sys_enter") int on_enter(struct bpf_raw_tracepoint_args *ctx)
{
	struct event ev = {};

	if ((__u32)(bpf_get_current_pid_tgid() >> 32) != target_pid || ctx->args[1] != 110 /* __NR_getppid, x86-64 */)
		return 0;
	ev.seq = ++seq;
	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &ev, sizeof(ev));
	return 0;
}
char LICENSE[] SEC("license") = "GPL";
