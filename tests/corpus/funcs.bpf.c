// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Subprograms, global functions, several programs of several kinds. */
#include "corpus.h"
__u64 acc, calls;
static __attribute__((noinline)) __u64 sub_static(__u64 x) { return x * 3 + 1; }
__attribute__((noinline)) int global_fn(int x) { return x + 2; }
SEC("raw_tp/sys_exit") int on_exit_tp(void *ctx) { if ((__u32)(bpf_get_current_pid_tgid() >> 32) == target_pid) calls++; return 0; }
SEC("syscall") int run_me(void *ctx) { return 0; }
TRIGGER(acc = sub_static(acc) + global_fn(1))
