// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * ring.bpf.c - tests/vm/vmtest.c's ring buffer case: one 16-byte record per
 * getppid() of one process, a sequence number and a fixed 64-bit pattern,
 * so the consumer checks count, order and byte order (a big-endian device
 * reads the pattern as the program wrote it).  Records that find the ring
 * full are counted in `drops`.  count_uprobe counts calls of a function of
 * /init (the uprobe case).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

int target_pid = -1;
long target_syscall = -1;
__u64 seq = 0;
__u64 drops = 0;

SEC("raw_tp/sys_enter")
int ring_syscall(struct bpf_raw_tracepoint_args *ctx)
{
	__u64 *e;

	if ((int)(bpf_get_current_pid_tgid() >> 32) != target_pid || (long)ctx->args[1] != target_syscall)
		return 0;
	e = bpf_ringbuf_reserve(&events, 16, 0);
	if (!e) {
		drops++;
		return 0;
	}
	e[0] = ++seq;
	e[1] = 0x0102030405060708ULL;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/* tests/vm/vmtest.c attaches this one itself, as a uprobe on a function
 * of /init (tinyskel_attach_uprobe: the ELF reader on the device's binary). */
__u64 uprobe_hits = 0;

SEC("uprobe")
int count_uprobe(void *ctx)
{
	if ((int)(bpf_get_current_pid_tgid() >> 32) == target_pid)
		uprobe_hits++;
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
