// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Samples of a perf event on every CPU, counted for the target process
 * while `on` is set (bcc's profile, reduced to a count). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
__u32 target_pid, on;
__u64 samples, any;
SEC("perf_event") int on_sample(void *ctx)
{
	(void)ctx;
	if (on)
		__sync_fetch_and_add(&any, 1);
	if (on && (__u32)(bpf_get_current_pid_tgid() >> 32) == target_pid)
		__sync_fetch_and_add(&samples, 1);
	return 0;
}
char LICENSE[] SEC("license") = "GPL";
