// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* count.bpf.c - counts getppid() calls of one process (raw tracepoint).
 * `hits` is a `long`: 64-bit here, 32-bit in armv7 user space, so the
 * skeleton's bss struct must use a fixed 8-byte field for it. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

const volatile int target_pid = 0;
const volatile long target_nr = -1;
long hits = 0;

SEC("raw_tp/sys_enter")
int count(struct bpf_raw_tracepoint_args *ctx)
{
	if ((int)(bpf_get_current_pid_tgid() >> 32) == target_pid && (long)ctx->args[1] == target_nr)
		__sync_fetch_and_add(&hits, 1);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
