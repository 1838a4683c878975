/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* sys/epoll_wait.c - epoll_wait(2), tags out (see runtime/sys.h; tests replace all of runtime/sys/). */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/epoll.h>

#include "../sys.h"

/* struct epoll_event is packed on x86-64 only; keeping it in here keeps
 * that detail out of the rest of the runtime. */
int tsk_sys_epoll_wait(int epfd, uint32_t *tags, int max, int timeout_ms)
{
	struct epoll_event ev[16];
	int n, i;

	if (max > 16)
		max = 16;
	n = epoll_wait(epfd, ev, max, timeout_ms);
	if (n < 0)
		return -errno;
	for (i = 0; i < n; i++)
		tags[i] = (uint32_t)ev[i].data.u64;
	return n;
}
