/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* pt_regs.h - the kernel's x86-64 struct pt_regs (what vmlinux.h gives
 * real tools), CO-RE relocatable, for the corpus objects that read
 * registers through <bpf/bpf_tracing.h> without a vmlinux.h. */
#ifndef CORPUS_PT_REGS_H
#define CORPUS_PT_REGS_H
#define __TARGET_ARCH_x86
#define __VMLINUX_H__ /* kernel register names in bpf_tracing.h, as with vmlinux.h */
#include <stdbool.h>
struct pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8, ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp,
		ss;
} __attribute__((preserve_access_index));
#endif
