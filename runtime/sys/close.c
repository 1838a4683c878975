/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* sys/close.c - close() (see runtime/sys.h; tests replace all of runtime/sys/). */
#define _GNU_SOURCE
#include <errno.h>
#include <unistd.h>

#include "../sys.h"

int tsk_sys_close(int fd)
{
	return close(fd) < 0 ? -errno : 0;
}
