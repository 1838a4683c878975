/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* corpus.h - shared by the corpus objects: the app sets target_pid after
 * load, attaches, makes syscalls; TRIGGER's body then runs in that process
 * only, so bpftool's and skelgen's builds can be compared byte for byte. */
#ifndef CORPUS_H
#define CORPUS_H
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u32 target_pid;

#define TRIGGER(...)                                                           \
	SEC("raw_tp/sys_enter") int corpus_trigger(void *ctx)                  \
	{                                                                      \
		if ((__u32)(bpf_get_current_pid_tgid() >> 32) != target_pid)  \
			return 0;                                              \
		__VA_ARGS__;                                                       \
		return 0;                                                      \
	}                                                                      \
	char LICENSE[] SEC("license") = "GPL";
#endif
