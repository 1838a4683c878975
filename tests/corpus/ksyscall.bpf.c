// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* BPF_KSYSCALL: libbpf's macro always emits `extern bool
 * LINUX_HAS_SYSCALL_WRAPPER __kconfig` (skelgen takes it from the device's
 * .config).  The app attaches it with tinyskel_attach_ksyscall() where the
 * kernel has kprobes; here the header must compile and open. */
#include "corpus.h"
#include "pt_regs.h"
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
__u64 kill_sig;
SEC("ksyscall/kill") int BPF_KSYSCALL(on_kill, int pid, int sig)
{
	if ((__u32)(bpf_get_current_pid_tgid() >> 32) == target_pid)
		kill_sig = (__u64)sig + ((__u64)pid << 32);
	return 0;
}
TRIGGER(kill_sig += 0)
