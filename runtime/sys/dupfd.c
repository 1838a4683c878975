/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* sys/dupfd.c - fcntl(F_DUPFD_CLOEXEC) (see runtime/sys.h; tests replace all of runtime/sys/). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>

#include "../sys.h"

int tsk_sys_dupfd(int fd, int min)
{
	int r = fcntl(fd, F_DUPFD_CLOEXEC, min);

	return r < 0 ? -errno : r;
}
