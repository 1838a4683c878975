/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * links.c - links beyond the skeleton's one slot per program (the same XDP
 * program on a second interface, a second uprobe), kept in storage the
 * caller owns so one call closes them all, as NAME__destroy() does for the
 * slots.
 */
#include <errno.h>

#include "../internal.h"

int tinyskel_links_add(struct tinyskel_links *l, int link_fd)
{
	if (link_fd < 0)
		return link_fd; /* the attach failed: nothing to keep */
	if (!l || !l->fds || l->n >= l->cap || link_fd == 0) {
		/* Taken in every case, so the caller's one-liner cannot leak it. */
		if (link_fd > 0)
			tsk_sys_close(link_fd);
		return !l || !l->fds || link_fd == 0 ? -EINVAL : -ENOSPC;
	}
	l->fds[l->n++] = link_fd;
	return link_fd;
}

void tinyskel_links_close(struct tinyskel_links *l)
{
	uint32_t i;

	if (!l || !l->fds)
		return;
	for (i = 0; i < l->n && i < l->cap; i++)
		tsk_close_fd(&l->fds[i]);
	l->n = 0;
}
