/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* sys/read_file.c - read a small sysfs/tracefs file (see runtime/sys.h; tests replace all of runtime/sys/). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "../sys.h"

long tsk_sys_read_file(const char *path, char *buf, size_t size)
{
	long n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	if (n < 0)
		n = -errno;
	close(fd);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}
