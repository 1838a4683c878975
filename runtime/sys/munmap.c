/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* sys/munmap.c - munmap() (see runtime/sys.h; tests replace all of runtime/sys/). */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/mman.h>

#include "../sys.h"

int tsk_sys_munmap(void *addr, size_t len)
{
	return munmap(addr, len) < 0 ? -errno : 0;
}
