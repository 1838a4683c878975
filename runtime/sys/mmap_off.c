/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* sys/mmap_off.c - mmap(2) of a map at an offset (ring buffer pages) (see runtime/sys.h; tests replace all of runtime/sys/). */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/mman.h>

#include "../sys.h"

void *tsk_sys_mmap_off(size_t len, int writable, int fd, uint64_t off, int *err)
{
	void *p = mmap(NULL, len, PROT_READ | (writable ? PROT_WRITE : 0), MAP_SHARED, fd, (off_t)off);

	if (p == MAP_FAILED) {
		*err = -errno;
		return NULL;
	}
	return p;
}
