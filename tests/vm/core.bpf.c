// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * core.bpf.c - a CO-RE relocation (task_struct's pid, read through
 * bpf_core_read): the kernel resolves it against its own vmlinux BTF when
 * the loader loads this program, so on a kernel without BTF the loader
 * fails, and the runtime must say that BTF is what is missing.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct task_struct {
	int pid;
} __attribute__((preserve_access_index));

int target_pid = -1; /* .data: set at run time, also under a signed load */
long seen = 0;

SEC("raw_tp/sys_enter")
int core_pid(void *ctx)
{
	struct task_struct *t = (struct task_struct *)bpf_get_current_task();

	if (BPF_CORE_READ(t, pid) == target_pid)
		__sync_fetch_and_add(&seen, 1);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
