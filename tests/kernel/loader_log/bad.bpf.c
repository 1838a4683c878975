// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A program the verifier refuses, but only when the loader loads it: the
 * loader itself is fine.  tinyskel must say step "loader" and hand back the
 * verifier's words about this program. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

long sink;

SEC("raw_tp/sys_enter")
int out_of_bounds(struct bpf_raw_tracepoint_args *ctx)
{
	sink = (long)ctx->args[4000]; /* far past the tracepoint's arguments */
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
