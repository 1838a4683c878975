// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * rb4g.bpf.c - producer for tests/kernel/ringbuf_4g.c: each getppid() of
 * the producer thread writes up to 1024 records of 56 bytes (64 with the
 * header) carrying a sequence number, so 4 GiB of ring traffic takes
 * about 66,000 system calls.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 16 << 20); } rb SEC(".maps");

int producer_tid = -1;
int syscall_nr = -1;
__u32 per_call = 1024;
__u64 seq = 0;
__u64 dropped = 0;
/* Every hold_every-th call keeps its middle record reserved (BUSY) for
 * hold_ns before submitting it: what a producer preempted mid-batch, or
 * on a vCPU the host has descheduled, looks like to the consumer. */
__u32 hold_every = 0;
__u64 hold_ns = 0;
__u64 calls = 0;
__u64 holds = 0;

static long spin(__u64 i, void *deadline)
{
	(void)i;
	return bpf_ktime_get_ns() >= *(__u64 *)deadline;
}

struct rec { __u64 seq; __u64 pad[6]; };

struct batch { __u32 hold_at; };

/*
 * One record per call.  The batch is a bpf_loop() over this callback, not a
 * for loop with a run-time bound: the verifier walks a callback body once,
 * while a bounded loop is walked once per iteration and state (1024 times
 * here, which passed the 1,000,000-instruction budget on some kernels).
 */
static long put_one(__u64 i, void *arg)
{
	struct batch *b = arg;
	struct rec *e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);

	if (!e) {
		dropped++;
		return 1;
	}
	e->seq = seq++;
	if (i == b->hold_at) {
		__u64 deadline = bpf_ktime_get_ns() + hold_ns;

		/* 1<<23 is bpf_loop's limit; the deadline ends it first */
		bpf_loop(1 << 23, spin, &deadline, 0);
		holds++;
	}
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("raw_tp/sys_enter")
int fill(struct bpf_raw_tracepoint_args *ctx)
{
	struct batch b = { .hold_at = (__u32)-1 };
	__u32 n = per_call;

	if ((int)(__u32)bpf_get_current_pid_tgid() != producer_tid || ctx->args[1] != syscall_nr)
		return 0;
	if (hold_every && ++calls % hold_every == 0)
		b.hold_at = n / 2;
	bpf_loop(n < 1024 ? n : 1024, put_one, &b, 0);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
