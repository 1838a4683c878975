/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* sys/pagesize.c - the device's page size (see runtime/sys.h; tests replace all of runtime/sys/). */
#define _GNU_SOURCE
#include <sys/auxv.h>

#include "../sys.h"

/* From the auxiliary vector: cheaper than sysconf() (which drags a table
 * into static musl binaries) and never the build host's. */
size_t tsk_sys_pagesize(void)
{
	unsigned long sz = getauxval(AT_PAGESZ);

	return sz ? (size_t)sz : 4096;
}
