// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bootload.bpf.c - counts getppid() calls per process, for the boot-time
 * loader pattern: loaded once at boot, kept running by its pinned link,
 * read by other apps through its pinned map.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);   /* tgid */
	__type(value, __u64); /* getppid() calls */
} calls SEC(".maps");

long target_syscall = -1; /* .data: the app sets the device's number, also under a signed load (.rodata is sealed) */

SEC("raw_tp/sys_enter")
int count_calls(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	__u64 one = 1, *v;

	if ((long)ctx->args[1] != target_syscall)
		return 0;
	v = bpf_map_lookup_elem(&calls, &tgid);
	if (v)
		__sync_fetch_and_add(v, 1);
	else
		bpf_map_update_elem(&calls, &tgid, &one, BPF_NOEXIST);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
