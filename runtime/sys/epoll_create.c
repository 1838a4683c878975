/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* sys/epoll_create.c - epoll_create1(2) (see runtime/sys.h; tests replace all of runtime/sys/). */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/epoll.h>

#include "../sys.h"

int tsk_sys_epoll_create(void)
{
	int r = epoll_create1(EPOLL_CLOEXEC);

	return r < 0 ? -errno : r;
}
