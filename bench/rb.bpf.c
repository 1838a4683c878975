// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * rb.bpf.c - the ring buffer bench's producer: each getppid() of the
 * bench thread writes `per_call` 8-byte records (a sequence number) into
 * a 64 MiB ring; the ring is filled before the clock starts, so the
 * consumer alone is measured.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 64 << 20); } rb SEC(".maps");

int producer_tid = -1;
int syscall_nr = -1;
__u32 per_call = 256;
__u64 seq = 0;
__u64 dropped = 0;

SEC("raw_tp/sys_enter")
int fill(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 i;

	if ((int)(__u32)bpf_get_current_pid_tgid() != producer_tid || ctx->args[1] != syscall_nr)
		return 0;
	for (i = 0; i < 1024 && i < per_call; i++) {
		__u64 *e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);

		if (!e) {
			dropped++;
			break;
		}
		*e = seq++;
		bpf_ringbuf_submit(e, 0);
	}
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
