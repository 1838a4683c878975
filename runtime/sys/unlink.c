/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* sys/unlink.c - unlink(2) (see runtime/sys.h; tests replace all of runtime/sys/). */
#define _GNU_SOURCE
#include <errno.h>
#include <unistd.h>

#include "../sys.h"

int tsk_sys_unlink(const char *path)
{
	int r = unlink(path);

	return r < 0 ? -errno : r;
}
