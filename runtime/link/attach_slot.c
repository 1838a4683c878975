/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * attach_slot.c - the skeleton side of attaching with a target: find a
 * program by name, check its link slot is free, and store the new link
 * there so NAME__detach()/__destroy() close it like any other.
 */
#include <errno.h>

#include "../internal.h"

int tinyskel_prog_find(const struct tinyskel_skel_info *info, const char *name)
{
	uint32_t i;

	for (i = 0; info && name && i < info->nr_progs; i++)
		if (!strcmp(info->progs[i].name, name))
			return (int)i;
	return -ENOENT;
}

int tsk_slot_attach(const struct tinyskel_skel_info *info, void *skel, uint32_t idx, int link,
		    struct tinyskel_result *res, const char *reason)
{
	if (link < 0)
		return tsk_op_fail(res, TINYSKEL_STEP_ATTACH, link, reason);
	/* A link on fd 0 would read as "no link": destroy would leave the
	 * program attached.  Every attach kind stores its link here. */
	link = (int)tsk_fd_good(link);
	if (link < 0)
		return tsk_op_fail(res, TINYSKEL_STEP_ATTACH, link,
				   "attach: cannot move the link fd above 2 (F_DUPFD_CLOEXEC failed; the link is closed)");
	*TSK_AT(skel, info->progs[idx].link_off, int) = link;
	return link;
}

int tsk_slot_prog(const struct tinyskel_skel_info *info, void *skel, uint32_t idx, struct tinyskel_result *res)
{
	int prog_fd;

	if (!info || !skel || idx >= info->nr_progs)
		return tsk_op_fail(res, TINYSKEL_STEP_ATTACH, -EINVAL, "attach: no such program");
	prog_fd = TSK_AT(skel, info->progs[idx].desc_off, struct tinyskel_prog_desc)->prog_fd;
	if (prog_fd <= 0)
		return tsk_op_fail(res, TINYSKEL_STEP_ATTACH, -EBADF, "attach: skeleton not loaded");
	if (*TSK_AT(skel, info->progs[idx].link_off, int) > 0)
		return tsk_op_fail(res, TINYSKEL_STEP_ATTACH, -EBUSY,
				   "attach: program already has a link in the skeleton (use tinyskel_link_* for more)");
	return prog_fd;
}
