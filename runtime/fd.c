/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * fd.c - every fd a skeleton holds is >= 3, so 0 keeps meaning "none"
 * (skel_internal.h's convention) even in a daemon that closed its
 * standard streams.  libbpf's ensure_good_fd does the same for its own fds.
 */
#include <errno.h>

#include "internal.h"

#define FIRST_GOOD_FD 3

long tsk_fd_good(long fd)
{
	long up;

	if (fd < 0 || fd >= FIRST_GOOD_FD)
		return fd;
	up = tsk_sys_dupfd((int)fd, FIRST_GOOD_FD);
	tsk_sys_close((int)fd);
	return up;
}

/* The kernel gives each new fd the lowest free number, so an fd below 3
 * means a hole there; the loader program's own maps and programs would
 * land in it.  Keep this fd as the hole's filler and take copies until one
 * is >= 3: at most three fillers, and no syscall when there is no hole. */
long tsk_fd_fill_low(long fd, struct tsk_low_fds *held)
{
	while (fd >= 0 && fd < FIRST_GOOD_FD && held->n < FIRST_GOOD_FD) {
		held->fd[held->n++] = (int)fd;
		fd = tsk_sys_dupfd((int)fd, 0);
	}
	return fd;
}

void tsk_fd_release_low(struct tsk_low_fds *held)
{
	while (held->n)
		tsk_sys_close(held->fd[--held->n]);
}
