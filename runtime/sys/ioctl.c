/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* sys/ioctl.c - ioctl() (see runtime/sys.h; tests replace all of runtime/sys/). */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/ioctl.h>

#include "../sys.h"

int tsk_sys_ioctl(int fd, unsigned long req, unsigned long arg)
{
	int r = ioctl(fd, req, arg);

	return r < 0 ? -errno : r;
}
