// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A tracepoint program that bpftool 7.1's handtp__attach() leaves alone:
 * apps written for its header attach it themselves (apps/hand_attach.c). */
#include "corpus.h"
__u64 getppid_calls;
SEC("tp/syscalls/sys_enter_getppid") int on_getppid(void *ctx)
{
	(void)ctx;
	if ((__u32)(bpf_get_current_pid_tgid() >> 32) == target_pid)
		getppid_calls++;
	return 0;
}
TRIGGER(getppid_calls += 0)
