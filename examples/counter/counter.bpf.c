// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * counter.bpf.c - counts one syscall made by one process, on a raw
 * tracepoint, with a map and all three global data sections:
 *   .rodata  off_slot                     fixed at build time, signed
 *   .data    target_pid, target_syscall   set by the app before load;
 *            enabled                      flipped by the app after load
 *   .bss     hits, last_seen              read by the app
 * Run-time settings live in .data: a signed load takes .data from the app
 * (user space can write it after load anyway) but .rodata only from the
 * signed header, and refuses an app that changed it.
 * `long` globals on purpose: 64-bit in BPF, 32-bit on armv7 user space.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

const volatile __u32 off_slot = 1; /* counts what arrived while disabled */

int target_pid = -1; /* non-zero: .data, not .bss */
long target_syscall = -1;
int enabled = 1;

long hits = 0;
__u64 last_seen = 0;

SEC("raw_tp/sys_enter")
int count_syscall(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 key = 0;
	__u64 *v;

	if ((int)(bpf_get_current_pid_tgid() >> 32) != target_pid || (long)ctx->args[1] != target_syscall)
		return 0;
	key = enabled ? 0 : off_slot;
	v = bpf_map_lookup_elem(&counts, &key);
	if (v)
		__sync_fetch_and_add(v, 1);
	if (enabled) {
		hits++;
		last_seen = bpf_ktime_get_ns();
	}
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
