/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* sys/epoll_add.c - epoll_ctl(2) ADD for reading, tagged (see runtime/sys.h; tests replace all of runtime/sys/). */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/epoll.h>

#include "../sys.h"

int tsk_sys_epoll_add(int epfd, int fd, uint32_t tag)
{
	struct epoll_event ev;
	int r;

	ev.events = EPOLLIN;
	ev.data.u64 = tag;
	r = epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
	return r < 0 ? -errno : r;
}
