/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* fd_low.c - hold the holes below fd 3 while the loader runs (see fd_good.c). */
#include "../internal.h"

/* The kernel gives each new fd the lowest free number, so an fd below 3
 * means a hole there; the loader program's own maps and programs would
 * land in it.  Keep this fd as the hole's filler and take copies until one
 * is >= 3: at most three fillers, and no syscall when there is no hole. */
long tsk_fd_fill_low(long fd, struct tsk_low_fds *held)
{
	while (fd >= 0 && fd < TSK_FIRST_GOOD_FD && held->n < TSK_FIRST_GOOD_FD) {
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
