/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* patch.h - edit a generated loader: decode its instructions, replace or
 * insert some at given indices, and fix every jump so it lands where it did.
 * The in-loader check, the sealed signed loader and the named program-load
 * errors are all lists of such edits (gen/inloader.c, gen/loader.c). */
#ifndef SKELGEN_PATCH_H
#define SKELGEN_PATCH_H

#include <stddef.h>
#include <stdint.h>

/* One BPF instruction, decoded. */
struct sg_insn {
	uint8_t code, dst, src;
	int16_t off;
	int32_t imm;
};

/* The one place an instruction becomes its 8 bytes and back: the target's
 * byte order (little-endian today: the order libbpf generated the loader in
 * on this host, TINYSKEL_BLOB_LITTLE_ENDIAN). */
void sg_insn_get(const uint8_t p[8], struct sg_insn *i);
void sg_insn_put(uint8_t p[8], const struct sg_insn *i);

struct sg_insn sg_insn_mk(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm);
/* BPF_LD_IMM64 (two slots) of `v`, src = pseudo kind (0: a plain constant). */
void sg_insn_ld_imm64(struct sg_insn at[2], uint8_t dst, uint8_t src, uint64_t v);

/* One edit: `n_new` instructions replace the `n_old` original ones at index
 * `at` (n_old 0: inserted before instruction `at`).  Jumps of the original
 * that reach `at` from before it land on the first new instruction (so
 * inserted code runs on the way in), jumps from `at` or after land past an
 * insertion; a jump into the middle of a replaced run is refused.  The new
 * instructions' own jumps stay as given (keep them within the edit). */
struct sg_edit {
	size_t at, n_old, n_new;
	const struct sg_insn *insns;
};

/* Apply `n` edits (sorted by `at`, not overlapping) to raw instructions:
 * *out (malloc'd) and *out_sz.  -EINVAL bad sizes/order, -ERANGE a jump that
 * no longer fits or targets a replaced instruction, -ENOMEM. */
int sg_patch(const uint8_t *raw, size_t raw_sz, const struct sg_edit *edits, size_t n, uint8_t **out,
	     size_t *out_sz);

/* BPF instruction classes and opcodes the patchers look for. */
#define SG_CLS(c) ((c) & 0x07)
#define SG_CLS_LDX 0x01
#define SG_CLS_ALU 0x04
#define SG_CLS_JMP 0x05
#define SG_CLS_JMP32 0x06
#define SG_CLS_ALU64 0x07
#define SG_OP(c) ((c) & 0xf0)
#define SG_JA 0x05         /* BPF_JMP | BPF_JA */
#define SG_CALL 0x85       /* BPF_JMP | BPF_CALL */
#define SG_EXIT 0x95       /* BPF_JMP | BPF_EXIT */
#define SG_MOV64_K 0xb7    /* BPF_ALU64 | BPF_MOV | BPF_K */
#define SG_MOV64_X 0xbf
#define SG_ADD64_K 0x07
#define SG_LD_IMM64 0x18
#define SG_LDX_W 0x61
#define SG_LDX_DW 0x79
#define SG_JEQ_K 0x15
#define SG_JSET_K 0x45
#define SG_JNE_X 0x5d
#define SG_JSGE_K 0x75
#define SG_JSLT_K 0xc5

#endif /* SKELGEN_PATCH_H */
