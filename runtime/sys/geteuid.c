/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* sys/geteuid.c - geteuid(2) (see runtime/sys.h; tests replace all of runtime/sys/). */
#define _GNU_SOURCE
#include <unistd.h>

#include "../sys.h"

uint32_t tsk_sys_geteuid(void)
{
	return (uint32_t)geteuid();
}
