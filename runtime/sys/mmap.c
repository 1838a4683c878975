/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* sys/mmap.c - a shared mapping of a map fd (see runtime/sys.h; tests replace all of runtime/sys/). */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/mman.h>

#include "../sys.h"

void *tsk_sys_mmap(size_t len, int writable, int fd, int *err)
{
	void *p = mmap(NULL, len, PROT_READ | (writable ? PROT_WRITE : 0), MAP_SHARED, fd, 0);

	if (p == MAP_FAILED) {
		*err = -errno;
		return NULL;
	}
	return p;
}
