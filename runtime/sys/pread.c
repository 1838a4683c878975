/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* sys/pread.c - pread(2) (see runtime/sys.h; tests replace all of runtime/sys/). */
#define _GNU_SOURCE
#include <errno.h>
#include <unistd.h>

#include "../sys.h"

long tsk_sys_pread(int fd, void *buf, size_t len, uint64_t off)
{
	long r = (long)pread(fd, buf, len, (off_t)off);

	return r < 0 ? -errno : r;
}
