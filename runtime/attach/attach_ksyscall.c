/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * attach_ksyscall.c - ksyscall/NAME: a kprobe on the kernel's entry point
 * of a syscall, whose symbol depends on the kernel's architecture:
 * __x64_sys_NAME (x86-64, 4.17+), __arm64_sys_NAME (arm64, 4.19+), and
 * plain sys_NAME where there is no syscall wrapper (32-bit ARM and MIPS
 * kernels, old kernels).  An armv7 process may run on an arm64 kernel, so 32-bit
 * ARM tries the arm64 name first.  Like libbpf, the first name the kernel
 * accepts wins.
 */
#include <errno.h>

#include "../internal.h"

static const char *const prefixes[] = {
#if defined(__x86_64__)
	"__x64_sys_",
#elif defined(__i386__)
	"__ia32_sys_",
#elif defined(__aarch64__) || defined(__arm__)
	"__arm64_sys_",
#elif defined(__riscv)
	"__riscv_sys_",
#elif defined(__s390x__)
	"__s390x_sys_",
#endif
	"sys_",
};

int tinyskel_attach_ksyscall(const struct tinyskel_skel_info *info, void *skel, uint32_t idx, const char *name,
			     int retprobe, struct tinyskel_result *res)
{
	struct tinyskel_prog_info p;
	char sym[128];
	size_t i, pl, nl = name ? strlen(name) : 0;
	int prog_fd = tsk_slot_prog(info, skel, idx, res), link = -EINVAL;

	if (prog_fd < 0)
		return prog_fd;
	if (nl == 0 || strchr(name, '+'))
		return tsk_op_fail(res, TINYSKEL_STEP_ATTACH, -EINVAL, "ksyscall attach: bad syscall name");
	/* Without the kprobe PMU every name fails alike: say why once. */
	link = (int)tsk_sys_read_file("/sys/bus/event_source/devices/kprobe/type", sym, sizeof(sym));
	if (link < 0)
		return tsk_op_fail(res, TINYSKEL_STEP_ATTACH, link,
				   "ksyscall attach: no kprobe PMU in this kernel (CONFIG_KPROBES, CONFIG_KPROBE_EVENTS)");
	memset(&p, 0, sizeof(p));
	p.attach = retprobe ? TINYSKEL_ATTACH_KRETPROBE : TINYSKEL_ATTACH_KPROBE;
	p.target = sym;
	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		pl = strlen(prefixes[i]);
		if (pl + nl >= sizeof(sym))
			return tsk_op_fail(res, TINYSKEL_STEP_ATTACH, -ENAMETOOLONG, "ksyscall attach: name too long");
		memcpy(sym, prefixes[i], pl);
		memcpy(sym + pl, name, nl + 1);
		link = tinyskel_attach_perf(&p, prog_fd);
		/* No such symbol: ENOENT (kprobe PMU) or EINVAL (older kernels). */
		if (link != -ENOENT && link != -EINVAL)
			break;
	}
	return tsk_slot_attach(info, skel, idx, link, res,
			       link == -ENOENT || link == -EINVAL ? "ksyscall attach: no such syscall symbol in this kernel"
								: "ksyscall attach: kprobe failed (CONFIG_KPROBES? kprobe PMU?)");
}
