/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* outfile.c - replace regular files atomically, write devices in place. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"

static int oops(const struct sg_outfile *o, char *err, size_t errlen, const char *what, int e)
{
	snprintf(err, errlen, "%s: %s%s%s", o->path, what, e ? ": " : "", e ? strerror(e) : "");
	return -1;
}

int sg_outfile_open(struct sg_outfile *o, const char *path, char *err, size_t errlen)
{
	struct stat st;
	size_t tlen;

	memset(o, 0, sizeof(*o));
	o->fd = -1;
	o->path = strdup(path);
	if (!o->path)
		return snprintf(err, errlen, "%s: out of memory", path), -1;
	if (stat(path, &st) == 0) {
		if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) {
			o->fd = open(path, O_WRONLY | O_CLOEXEC);
			if (o->fd < 0) {
				oops(o, err, errlen, "cannot write", errno);
				sg_outfile_discard(o);
				return -1;
			}
			return 0;
		}
		if (!S_ISREG(st.st_mode)) {
			oops(o, err, errlen, S_ISDIR(st.st_mode) ? "cannot write: is a directory" :
				  "cannot write: not a regular file, character device or FIFO", 0);
			sg_outfile_discard(o);
			return -1;
		}
		/* follow links: the target is replaced, the link stays a link */
		o->target = realpath(path, NULL);
	} else if (errno == ENOENT && lstat(path, &st) == 0) {
		oops(o, err, errlen, "cannot write: symbolic link to a file that does not exist", 0);
		sg_outfile_discard(o);
		return -1;
	} else {
		o->target = strdup(path);
	}
	tlen = o->target ? strlen(o->target) + 16 : 0;
	o->tmp = tlen ? malloc(tlen) : NULL;
	if (!o->tmp) {
		oops(o, err, errlen, "cannot write", errno ? errno : ENOMEM);
		sg_outfile_discard(o);
		return -1;
	}
	snprintf(o->tmp, tlen, "%s.tmp.XXXXXX", o->target);
	o->fd = mkostemp(o->tmp, O_CLOEXEC);
	if (o->fd < 0) {
		int e = errno;

		free(o->tmp);
		o->tmp = NULL;
		oops(o, err, errlen, "cannot write", e);
		sg_outfile_discard(o);
		return -1;
	}
	return 0;
}

int sg_outfile_write(struct sg_outfile *o, const void *buf, size_t len, char *err, size_t errlen)
{
	const char *p = buf;
	int fd = o->fd;

	o->fd = -1;
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n < 0 ? errno : EIO;

			close(fd);
			return oops(o, err, errlen, "cannot write", e);
		}
		p += n;
		len -= (size_t)n;
	}
	/* a device or FIFO needs no fsync (and /dev/null refuses it) */
	if (o->tmp && (fchmod(fd, 0644) || fsync(fd))) {
		int e = errno;

		close(fd);
		return oops(o, err, errlen, "cannot write", e);
	}
	if (close(fd) && o->tmp)
		return oops(o, err, errlen, "cannot write", errno);
	return 0;
}

int sg_outfile_commit(struct sg_outfile *o, char *err, size_t errlen)
{
	if (!o->tmp)
		return 0;
	if (rename(o->tmp, o->target))
		return oops(o, err, errlen, "cannot write", errno);
	free(o->tmp);
	o->tmp = NULL;
	return 0;
}

void sg_outfile_discard(struct sg_outfile *o)
{
	if (o->fd >= 0)
		close(o->fd);
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	free(o->target);
	free(o->path);
	memset(o, 0, sizeof(*o));
	o->fd = -1;
}

int sg_same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return a && b && stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}
