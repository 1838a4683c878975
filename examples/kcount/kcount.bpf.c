// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * kcount.bpf.c - kprobe/ and kretprobe/ sections, which bpftool's light
 * skeletons cannot auto-attach and tinyskel attaches through the kprobe PMU
 * (perf_event_open) and a BPF link.  Counts one process's vfs_write calls
 * on entry and on return.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

int target_pid = -1; /* .data (non-zero initial value): set at run time, also under a signed load */
long entries = 0;
long returns = 0;

static int mine(void)
{
	return (int)(bpf_get_current_pid_tgid() >> 32) == target_pid;
}

SEC("kprobe/vfs_write")
int on_write(void *ctx)
{
	if (mine())
		__sync_fetch_and_add(&entries, 1);
	return 0;
}

SEC("kretprobe/vfs_write")
int on_write_ret(void *ctx)
{
	if (mine())
		__sync_fetch_and_add(&returns, 1);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
