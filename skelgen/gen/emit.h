/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* emit.h - writing the generated header. */
#ifndef SKELGEN_EMIT_H
#define SKELGEN_EMIT_H

#include <stdio.h>

#include "model.h"

struct btf;

/* The skeleton header for `obj` with `nr_sigs` signatures. */
int sg_emit_header(FILE *f, const struct sg_object *obj, const struct sg_sig *sigs, size_t nr_sigs, char *err,
		   size_t errlen);

/* struct SNAME { ... }; at file scope (so C++ sees the same name) for a
 * global data section, with its offset asserts written to `asserts`.
 * -1 when the BTF is unusable. */
int sg_emit_datasec(FILE *f, const struct btf *btf, int32_t sec_id, const char *sname, FILE *asserts);
/* A section with no BTF (string literals): `struct sname` of `size` bytes. */
void sg_emit_opaque(FILE *f, const char *sname, uint32_t size);

#endif /* SKELGEN_EMIT_H */
