/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * fd_good.c - every fd a skeleton holds is >= 3, so 0 keeps meaning "none"
 * (skel_internal.h's convention) even in a daemon that closed its
 * standard streams.  libbpf's ensure_good_fd does the same for its own fds.
 */
#include "../internal.h"

long tsk_fd_good(long fd)
{
	long up;

	if (fd < 0 || fd >= TSK_FIRST_GOOD_FD)
		return fd;
	up = tsk_sys_dupfd((int)fd, TSK_FIRST_GOOD_FD);
	tsk_sys_close((int)fd);
	return up;
}
