/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* sys/scratch.c - private anonymous pages for the duration of one load
 * (see runtime/sys.h; tests replace all of runtime/sys/). */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/mman.h>

#include "../sys.h"

void *tsk_sys_scratch(size_t len, int *err)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		*err = -errno;
		return NULL;
	}
	return p;
}

void tsk_sys_scratch_free(void *p, size_t len)
{
	munmap(p, len);
}
