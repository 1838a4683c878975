/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* sys/read.c - read(2) (see runtime/sys.h; tests replace all of runtime/sys/). */
#include <errno.h>
#include <unistd.h>

#include "../sys.h"

long tsk_sys_read(int fd, void *buf, size_t len)
{
	long r;

	do
		r = (long)read(fd, buf, len);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : r;
}
