/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * outfile.h - where an output path really goes, decided before writing.
 *
 * A regular file (or a new one) is replaced atomically: a temporary file
 * beside it, renamed over it once complete.  A symbolic link is followed, so
 * its target is replaced and the link stays.  A character device or a FIFO
 * (-o /dev/null, -o /dev/stdout) is written in place: renaming over it would
 * replace the device node.  Anything else (directory, block device, socket,
 * a link to nothing) is refused.
 */
#ifndef SKELGEN_OUTFILE_H
#define SKELGEN_OUTFILE_H

#include <stddef.h>

struct sg_outfile {
	char *path;     /* as given, for messages */
	char *target;   /* the file written or renamed over (links resolved) */
	char *tmp;      /* temporary file beside target, NULL when in place */
	int fd;
};

/* Resolve `path` and open what will be written (the temporary file, or the
 * device in place).  -1 with err set; nothing is left behind. */
int sg_outfile_open(struct sg_outfile *o, const char *path, char *err, size_t errlen);

/* All of buf, then fsync and close. */
int sg_outfile_write(struct sg_outfile *o, const void *buf, size_t len, char *err, size_t errlen);

/* Rename the temporary file over the target (nothing to do in place). */
int sg_outfile_commit(struct sg_outfile *o, char *err, size_t errlen);

/* Close and remove the temporary file if still there; free. Idempotent. */
void sg_outfile_discard(struct sg_outfile *o);

/* 1 if both paths exist and are the same file (st_dev and st_ino, links
 * followed): an output that would overwrite an input. */
int sg_same_file(const char *a, const char *b);

#endif /* SKELGEN_OUTFILE_H */
