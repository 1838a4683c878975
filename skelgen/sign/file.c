// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* file.c - read a key/certificate/signature file whole; error lines. */
#define _POSIX_C_SOURCE 200809L
#include "crypto.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Keys, certificates and signatures are small; refuse anything absurd. */
#define SG_FILE_MAX ((size_t)16 << 20)

void sg_err(char err[SG_ERR_MAX], const char *path, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(err, SG_ERR_MAX, "%s: ", path ? path : "(null)");
	if (n < 0 || n >= SG_ERR_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(err + n, SG_ERR_MAX - (size_t)n, fmt, ap);
	va_end(ap);
}

void sg_wipe(void *p, size_t len)
{
	volatile uint8_t *v = p;

	while (len--)
		*v++ = 0;
}

int sg_read_file(const char *path, uint8_t **data, size_t *len,
		 char err[SG_ERR_MAX])
{
	struct stat st;
	uint8_t *buf = NULL;
	size_t cap = 0, used = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		sg_err(err, path, "%s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st)) {
		sg_err(err, path, "%s", strerror(errno));
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		sg_err(err, path, "is a directory");
		goto fail;
	}
	for (;;) {
		ssize_t r;

		if (used == cap) {
			uint8_t *p;

			if (cap >= SG_FILE_MAX) {
				sg_err(err, path, "file too large (over %zu bytes)",
				       SG_FILE_MAX);
				goto fail;
			}
			cap = cap ? cap * 2 : 4096;
			p = realloc(buf, cap + 1);
			if (!p) {
				sg_err(err, path, "out of memory");
				goto fail;
			}
			buf = p;
		}
		r = read(fd, buf + used, cap - used);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			sg_err(err, path, "%s", strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		used += (size_t)r;
	}
	close(fd);
	if (used == 0) {
		free(buf);
		sg_err(err, path, "empty file");
		return -1;
	}
	buf[used] = 0;
	*data = buf;
	*len = used;
	return 0;
fail:
	free(buf);
	close(fd);
	return -1;
}
