/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* output.c - write a file completely or leave nothing behind. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emit.h"
#include "output.h"

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Temporary file beside `path`, then rename: readers and make never see a
 * partial file, and a failure leaves the previous file untouched. */
static int write_atomic(const char *path, const void *buf, size_t len, char *err, size_t errlen)
{
	size_t plen = strlen(path);
	char *tmp = malloc(plen + 16);
	int fd, saved, bad;

	if (!tmp) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	snprintf(tmp, plen + 16, "%s.tmp.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
		free(tmp);
		return -1;
	}
	bad = write_all(fd, buf, len) || fchmod(fd, 0644) || fsync(fd);
	saved = errno;
	if (close(fd) && !bad) {
		bad = 1;
		saved = errno;
	}
	if (!bad && rename(tmp, path)) {
		bad = 1;
		saved = errno;
	}
	if (bad) {
		unlink(tmp);
		snprintf(err, errlen, "%s: cannot write: %s", path, strerror(saved));
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

int sg_write_header(const char *path, const struct sg_object *obj, const struct sg_sig *sigs,
		    size_t nr_sigs, char *err, size_t errlen)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	int bad;

	if (!mem) {
		snprintf(err, errlen, "%s: out of memory", obj->path);
		return -1;
	}
	bad = sg_emit_header(mem, obj, sigs, nr_sigs);
	bad |= fclose(mem);
	if (bad) {
		snprintf(err, errlen, "%s: cannot describe the object's global data (BTF)", obj->path);
		free(buf);
		return -1;
	}
	if (!path || !strcmp(path, "-")) {
		bad = fwrite(buf, 1, len, stdout) != len || fflush(stdout);
		if (bad)
			snprintf(err, errlen, "<stdout>: write failed: %s", strerror(errno));
	} else {
		bad = write_atomic(path, buf, len, err, errlen);
	}
	free(buf);
	return bad ? -1 : 0;
}

int sg_write_tbs(const char *dir, const char *name, const char *scheme, const uint8_t *content,
		 size_t len, char *err, size_t errlen)
{
	char path[4096];

	if ((size_t)snprintf(path, sizeof(path), "%s/%s.%s.tbs", dir, name, scheme) >= sizeof(path)) {
		snprintf(err, errlen, "%s: path too long", dir);
		return -1;
	}
	return write_atomic(path, content, len, err, errlen);
}
