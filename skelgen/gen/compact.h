/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* compact.h - the header's compact forms (tinyskel.h: struct tinyskel_blob's
 * zero runs, struct tinyskel_edit), each proven against the runtime's own
 * rebuild (gen/rebuild.c) before it is emitted. */
#ifndef SKELGEN_COMPACT_H
#define SKELGEN_COMPACT_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

/* Runs of zeros at least this long are left out of the stored metadata:
 * each costs 8 bytes of table. */
#define SG_ZERO_RUN_MIN 32

/* o->data without its zero runs: *runs (malloc'd, nr pairs {off, len}) and
 * *stored (malloc'd, *stored_sz bytes).  -1 with err set (out of memory,
 * or the runtime's read does not give o->data back). */
int sg_zero_runs(const struct sg_object *o, uint32_t **runs, size_t *nr, uint8_t **stored, size_t *stored_sz,
		 char *err, size_t errlen);

/* `variant` (v_sz bytes) as edits of o->insns (instructions inserted or
 * replaced): *ins (malloc'd, *nr entries, pointing into variant).  -1 with err set when
 * the runtime's rebuild cannot give exactly `variant` back. */
int sg_edits(const struct sg_object *o, const uint8_t *variant, size_t v_sz, struct tinyskel_edit **ins,
	       size_t *nr, char *err, size_t errlen);

/* An in-loader variant (sig->insns) as the sealed loader's edits plus the
 * check the runtime generates (TINYSKEL_SIG_HASH_CHECK, tinyskel.h): sets
 * sig's edits, check_at and flag when the runtime's rebuild gives exactly
 * sig->insns back; else -1 with err set and sig unchanged. */
int sg_check_edits(const struct sg_object *o, struct sg_sig *sig, char *err, size_t errlen);

#endif /* SKELGEN_COMPACT_H */
