/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* inloader.h - the 6.18 LTS variant of a loader: it checks the metadata
 * map's kernel-computed hash itself before doing anything else. */
#ifndef SKELGEN_INLOADER_H
#define SKELGEN_INLOADER_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

#include "tinyskel.h"

/* Offset of the 32-bit "map is exclusive" flag after the hash in the
 * kernel's struct bpf_map on later 6.18.y (measured, see SCHEMES.md); one
 * definition shared with the runtime's layout probe. */
#define SG_INLOADER_EXCL_OFF TINYSKEL_INLOADER_EXCL_OFF

struct sg_insn;

/* The check block (at most SG_INLOADER_BLOCK_MAX instructions, returns how
 * many): self-contained, a mismatch jumps to its own exit, which returns
 * TINYSKEL_LOADER_TAMPERED (tinyskel.h: the runtime names it). */
#define SG_INLOADER_BLOCK_MAX TINYSKEL_HASH_CHECK_MAX
size_t sg_inloader_block(struct sg_insn *b, const uint8_t hash[32], int excl);

/* Where the block goes: the index the loader's first unconditional jump
 * (over libbpf's cleanup block) targets, or -ENOEXEC.  The in-loader variant
 * is exactly "insert sg_inloader_block() there" (gen/patch.h, sg_patch). */
long sg_inloader_entry(const uint8_t *insns, size_t insns_sz);

/* New loader instructions (malloc'd) = obj->sealed (the sealed signed loader) with the hash check of
 * obj->data inserted at the target of the loader's first unconditional
 * jump, every jump across the insertion fixed.  `excl`: also check the
 * `excl` word (later 6.18.y layout).  -1 with err set. */
int sg_inloader_insns(const struct sg_object *obj, int excl, uint8_t **insns, size_t *insns_sz, char *err,
		      size_t errlen);

/* Same, on raw little-endian instructions and an explicit hash (for tests). */
int sg_inloader_rewrite(const uint8_t *insns, size_t insns_sz, const uint8_t hash[32], int excl, uint8_t **out,
			size_t *out_sz);
/* Same for instructions of either byte order (`be`: big-endian, as a
 * `clang -target bpfeb` object's loader); the check is written in it too. */
int sg_inloader_rewrite_order(const uint8_t *insns, size_t insns_sz, const uint8_t hash[32], int excl, int be,
			      uint8_t **out, size_t *out_sz);

#endif /* SKELGEN_INLOADER_H */
