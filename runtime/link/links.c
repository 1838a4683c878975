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
	if (!l || !l->fds || l->n >= l->cap) {
		/* Taken in every case, so the caller's one-liner cannot leak it
		 * (fd 0 too: in a process that closed stdin it is a link). */
		tsk_sys_close(link_fd);
		return !l || !l->fds ? -EINVAL : -ENOSPC;
	}
	/* Kept at >= 3, where 0 cannot be mistaken for an empty slot. */
	link_fd = (int)tsk_fd_good(link_fd);
	if (link_fd < 0)
		return link_fd;
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
