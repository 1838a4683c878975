// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * tpcount.bpf.c - a tracepoint/ section, which bpftool's light skeletons
 * cannot auto-attach and tinyskel attaches through a perf event + BPF link.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

int target_pid = -1; /* .data (non-zero initial value): set at run time, also under a signed load */
long getpid_calls = 0;

SEC("tracepoint/syscalls/sys_enter_getpid")
int on_getpid(void *ctx)
{
	if ((int)(bpf_get_current_pid_tgid() >> 32) == target_pid)
		__sync_fetch_and_add(&getpid_calls, 1);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
