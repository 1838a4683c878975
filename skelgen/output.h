/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* output.h - files skelgen writes, whole or not at all. */
#ifndef SKELGEN_OUTPUT_H
#define SKELGEN_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

/* The header to `path` (NULL or "-": stdout).  The text is built in memory
 * and written to a temporary file renamed over `path` only when complete. */
int sg_write_header(const char *path, const struct sg_object *obj, const struct sg_sig *sigs,
		    size_t nr_sigs, char *err, size_t errlen);

/* DIR/NAME.SCHEME.tbs: the exact bytes a scheme signs (two-phase signing). */
int sg_write_tbs(const char *dir, const char *name, const char *scheme, const uint8_t *content,
		 size_t len, char *err, size_t errlen);

#endif /* SKELGEN_OUTPUT_H */
