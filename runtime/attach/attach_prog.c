/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * attach_prog.c - attach one program through its header's attach_fn.
 *
 * A program that already has a link in the skeleton keeps it: attaching
 * it again returns that link (an app that calls NAME__attach() and then
 * NAME__P__attach() gets the same link, not -EBUSY and not a second one).
 * With TINYSKEL_ATTACH_BPFTOOL only the kinds bpftool 7.1's header
 * attaches are attached; the others return 0, as bpftool's "auto-attach
 * not supported", so an app that attaches them itself is not refused
 * (-EEXIST) by a link the skeleton already holds.
 */
#include <errno.h>

#include "../internal.h"

/* The step's reason for a kind and the kernel's answer: a fixed string,
 * so no attach kind's code is linked for it.  Without CONFIG_ERROR_STRINGS
 * the reason is the step's name (fail.c): none of this text is built in. */
static const char *attach_reason(uint32_t kind, int err)
{
#ifndef CONFIG_ERROR_STRINGS
	(void)kind;
	(void)err;
	return "";
#else
	switch (kind) {
	case TINYSKEL_ATTACH_RAW_TP:
		return err == -ENOENT ? "raw_tp attach: no such raw tracepoint in this kernel"
				      : "raw_tp attach: BPF_RAW_TRACEPOINT_OPEN refused";
	case TINYSKEL_ATTACH_TRACING:
		return err == -EPERM || err == -EOPNOTSUPP || err == -524 /* ENOTSUPP */ ?
			       "fentry/fexit/lsm attach: refused, as by kernels without BPF trampolines" :
			       "fentry/fexit/lsm attach: BPF_RAW_TRACEPOINT_OPEN refused";
	case TINYSKEL_ATTACH_ITER:
		return "iter attach: BPF_LINK_CREATE refused";
	case TINYSKEL_ATTACH_TRACEPOINT:
		return err == -ENOENT ? "tracepoint attach: no such tracepoint, or tracefs not mounted (/sys/kernel/tracing)"
				      : "tracepoint attach: perf event or link refused";
	case TINYSKEL_ATTACH_KPROBE:
	case TINYSKEL_ATTACH_KRETPROBE:
		return err == -ENOENT ? "kprobe attach: no kprobe PMU (/sys/bus/event_source/devices/kprobe) or no such function"
				      : "kprobe attach: perf event or link refused";
	default:
		return "attach: refused";
	}
#endif
}

static int fail(struct tinyskel_result *res, const struct tinyskel_prog_info *p, int err, const char *reason)
{
	tsk_op_fail(res, TINYSKEL_STEP_ATTACH, err, reason);
	if (res)
		res->name = p ? p->name : NULL;
	return err;
}

int tinyskel_attach_prog_as(const struct tinyskel_skel_info *info, void *skel, uint32_t idx, uint32_t flags,
			    struct tinyskel_result *res)
{
	const struct tinyskel_prog_info *p;
	int prog_fd, fd, *link;

	if (!info || !skel || idx >= info->nr_progs)
		return fail(res, NULL, -EINVAL, TSK_WHY("attach: no such program"));
	p = &info->progs[idx];
	if (p->attach == TINYSKEL_ATTACH_NONE || !p->attach_fn)
		return 0;
	if ((flags & TINYSKEL_ATTACH_BPFTOOL) && p->attach != TINYSKEL_ATTACH_RAW_TP &&
	    p->attach != TINYSKEL_ATTACH_TRACING)
		return 0;
	prog_fd = TSK_AT(skel, p->desc_off, struct tinyskel_prog_desc)->prog_fd;
	link = TSK_AT(skel, p->link_off, int);
	if (prog_fd <= 0)
		return fail(res, p, -EBADF, TSK_WHY("attach: skeleton not loaded"));
	if (*link > 0)
		return *link;
	/* A link on fd 0 would read as "no link" and never be closed. */
	fd = (int)tsk_fd_good(p->attach_fn(p, prog_fd));
	if (fd < 0)
		return fail(res, p, fd, attach_reason(p->attach, fd));
	*link = fd;
	return fd;
}

int tinyskel_attach_prog(const struct tinyskel_skel_info *info, void *skel, uint32_t idx)
{
	return tinyskel_attach_prog_as(info, skel, idx, 0, NULL);
}
