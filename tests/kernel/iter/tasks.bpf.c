// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* One line per process (thread-group leader): its pid. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("iter/task") int list_tasks(struct bpf_iter__task *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *task = ctx->task;

	if (!task || task->pid != task->tgid)
		return 0;
	BPF_SEQ_PRINTF(seq, "%d\n", task->tgid);
	return 0;
}
char LICENSE[] SEC("license") = "GPL";
