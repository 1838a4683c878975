/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* output.c - write files completely or leave nothing behind. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen/emit.h"
#include "outfile.h"
#include "output.h"

int sg_render_header(const struct sg_object *obj, const struct sg_sig *sigs, size_t nr_sigs, char **buf,
		     size_t *len, char *err, size_t errlen)
{
	FILE *mem = open_memstream(buf, len);
	int bad;

	if (!mem) {
		snprintf(err, errlen, "%s: out of memory", obj->path);
		return -1;
	}
	err[0] = '\0';
	bad = sg_emit_header(mem, obj, sigs, nr_sigs, err, errlen);
	bad |= fclose(mem);
	if (bad) {
		if (!err[0])
			snprintf(err, errlen, "%s: cannot describe the object's global data (BTF)", obj->path);
		free(*buf);
		*buf = NULL;
		return -1;
	}
	return 0;
}

static int is_stdout(const char *path)
{
	return !path || !strcmp(path, "-");
}

int sg_write_outputs(const struct sg_output *outs, size_t n, char *err, size_t errlen)
{
	struct sg_outfile *f = calloc(n ? n : 1, sizeof(*f));
	size_t i;
	int bad = 0;

	if (!f) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; i < n; i++)
		f[i].fd = -1;
	/* Phase 1: every file complete in a temporary beside its target (or
	 * checked writable in place); a failure here replaces nothing. */
	for (i = 0; i < n && !bad; i++)
		if (!is_stdout(outs[i].path))
			bad = sg_outfile_open(&f[i], outs[i].path, err, errlen) ||
			      (f[i].tmp && sg_outfile_write(&f[i], outs[i].buf, outs[i].len, err, errlen));
	/* Phase 2: the renames (same directory, checked in phase 1), and what
	 * cannot be staged: devices, FIFOs, stdout. */
	for (i = 0; i < n && !bad; i++) {
		if (is_stdout(outs[i].path)) {
			bad = fwrite(outs[i].buf, 1, outs[i].len, stdout) != outs[i].len || fflush(stdout);
			if (bad)
				snprintf(err, errlen, "<stdout>: write failed: %s", strerror(errno));
		} else if (!f[i].tmp) {
			bad = sg_outfile_write(&f[i], outs[i].buf, outs[i].len, err, errlen);
		} else {
			bad = sg_outfile_commit(&f[i], err, errlen);
		}
	}
	for (i = 0; i < n; i++)
		sg_outfile_discard(&f[i]);
	free(f);
	return bad ? -1 : 0;
}
