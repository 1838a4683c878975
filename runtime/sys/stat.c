/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* sys/stat.c - fstat(2) / fstatat(2) without following a symlink (see runtime/sys.h; tests replace all of runtime/sys/). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "../sys.h"

int tsk_sys_stat(int fd, const char *name, struct tsk_stat *out)
{
	struct stat st;
	int r = name ? fstatat(fd < 0 ? AT_FDCWD : fd, name, &st, AT_SYMLINK_NOFOLLOW) : fstat(fd, &st);

	if (r < 0)
		return -errno;
	out->uid = (uint32_t)st.st_uid;
	out->perm = (uint32_t)st.st_mode & 07777;
	out->link = S_ISLNK(st.st_mode);
	out->dir = S_ISDIR(st.st_mode);
	return 0;
}
