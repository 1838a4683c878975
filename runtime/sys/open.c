/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* sys/open.c - open(2), read-only and close-on-exec; a directory never through a symlink (see runtime/sys.h; tests replace all of runtime/sys/). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>

#include "../sys.h"

int tsk_sys_open(const char *path, int dir)
{
	int r = open(path, O_RDONLY | O_CLOEXEC | (dir ? O_DIRECTORY | O_NOFOLLOW : 0));

	return r < 0 ? -errno : r;
}
