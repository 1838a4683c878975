/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* attach_prog.c - attach one program through its header's attach_fn. */
#include <errno.h>

#include "../internal.h"

int tinyskel_attach_prog(const struct tinyskel_skel_info *info, void *skel, uint32_t idx)
{
	const struct tinyskel_prog_info *p;
	int prog_fd, fd, *link;

	if (!info || idx >= info->nr_progs)
		return -EINVAL;
	p = &info->progs[idx];
	if (p->attach == TINYSKEL_ATTACH_NONE || !p->attach_fn)
		return 0;
	prog_fd = TSK_AT(skel, p->desc_off, struct tinyskel_prog_desc)->prog_fd;
	link = TSK_AT(skel, p->link_off, int);
	if (prog_fd <= 0)
		return -EBADF;
	if (*link > 0)
		return -EBUSY;
	/* A link on fd 0 would read as "no link" and never be closed. */
	fd = (int)tsk_fd_good(p->attach_fn(p, prog_fd));
	if (fd >= 0)
		*link = fd;
	return fd;
}
