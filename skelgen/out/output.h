/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* output.h - files skelgen writes, whole or not at all. */
#ifndef SKELGEN_OUTPUT_H
#define SKELGEN_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

#include "gen/model.h"

/* One file to write: `path` (NULL or "-": stdout) gets buf[0..len). */
struct sg_output {
	const char *path;
	const uint8_t *buf;
	size_t len;
};

/* The header text (malloc'd) for `obj` with its signatures. */
int sg_render_header(const struct sg_object *obj, const struct sg_sig *sigs, size_t nr_sigs, char **buf,
		     size_t *len, char *err, size_t errlen);

/* Every output or none: each file is prepared (see outfile.h) before any
 * is replaced, so a bad path leaves every old file as it was. */
int sg_write_outputs(const struct sg_output *outs, size_t n, char *err, size_t errlen);

#endif /* SKELGEN_OUTPUT_H */
