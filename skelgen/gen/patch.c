/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * patch.c - replace or insert loader instructions with every jump fixed.
 *
 * Each original instruction gets a new index; each index a jump can reach
 * gets an entry (where a jump to it now lands).  Then every original jump's
 * offset is recomputed from its new index to its target's entry.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "patch.h"

#define PSEUDO_CALL 1

void sg_insn_get(const uint8_t p[8], struct sg_insn *i)
{
	i->code = p[0];
	i->dst = p[1] & 0x0f;
	i->src = p[1] >> 4;
	i->off = (int16_t)(uint16_t)(p[2] | p[3] << 8);
	i->imm = (int32_t)((uint32_t)p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 | (uint32_t)p[7] << 24);
}

void sg_insn_put(uint8_t p[8], const struct sg_insn *i)
{
	uint16_t off = (uint16_t)i->off;
	uint32_t imm = (uint32_t)i->imm;

	p[0] = i->code;
	p[1] = (uint8_t)((i->dst & 0x0f) | (i->src & 0x0f) << 4);
	p[2] = (uint8_t)off;
	p[3] = (uint8_t)(off >> 8);
	p[4] = (uint8_t)imm;
	p[5] = (uint8_t)(imm >> 8);
	p[6] = (uint8_t)(imm >> 16);
	p[7] = (uint8_t)(imm >> 24);
}

struct sg_insn sg_insn_mk(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
	struct sg_insn i = { code, dst, src, off, imm };

	return i;
}

void sg_insn_ld_imm64(struct sg_insn at[2], uint8_t dst, uint8_t src, uint64_t v)
{
	at[0] = sg_insn_mk(SG_LD_IMM64, dst, src, 0, (int32_t)(uint32_t)v);
	at[1] = sg_insn_mk(0, 0, 0, 0, (int32_t)(uint32_t)(v >> 32));
}

/* 0: not a jump; 1: offset in `off`; 2: offset in `imm` (gotol, bpf-to-bpf call). */
static int jump_kind(const struct sg_insn *i)
{
	uint8_t c = i->code;

	if (SG_CLS(c) != SG_CLS_JMP && SG_CLS(c) != SG_CLS_JMP32)
		return 0;
	if (SG_CLS(c) == SG_CLS_JMP32 && SG_OP(c) == 0x00)
		return 2;
	if (c == SG_EXIT || SG_OP(c) == 0x90)
		return 0;
	if (SG_OP(c) == 0x80)
		return i->src == PSEUDO_CALL ? 2 : 0;
	return 1;
}

int sg_patch(const uint8_t *raw, size_t raw_sz, const struct sg_edit *edits, size_t n_edits, uint8_t **out,
	     size_t *out_sz)
{
	size_t n = raw_sz / 8, total = n, i, e;
	long *pos = NULL, *fwd = NULL, *back = NULL, shift = 0;
	uint8_t *o = NULL;
	int err = -EINVAL;

	if (raw_sz % 8 || n == 0)
		return -EINVAL;
	for (e = 0; e < n_edits; e++) {
		if (edits[e].at + edits[e].n_old > n || (e && edits[e].at < edits[e - 1].at + edits[e - 1].n_old) ||
		    (e && edits[e].at == edits[e - 1].at) || (edits[e].n_new && !edits[e].insns))
			return -EINVAL;
		total += edits[e].n_new - edits[e].n_old;
	}
	/* pos: new index of an original instruction (-1: replaced); fwd/back:
	 * where a jump from before/after it lands (-1: nowhere valid). */
	pos = calloc(n + 1, sizeof(*pos));
	fwd = calloc(n + 1, sizeof(*fwd));
	back = calloc(n + 1, sizeof(*back));
	o = calloc(total ? total : 1, 8);
	err = -ENOMEM;
	if (!pos || !fwd || !back || !o)
		goto out;
	for (i = 0, e = 0; i <= n; i++) {
		if (e < n_edits && edits[e].at == i) {
			const struct sg_edit *d = &edits[e++];
			size_t k;

			fwd[i] = (long)i + shift;
			for (k = 0; k < d->n_new; k++)
				sg_insn_put(o + 8 * ((size_t)fwd[i] + k), &d->insns[k]);
			shift += (long)d->n_new - (long)d->n_old;
			if (d->n_old) {
				back[i] = fwd[i];
				for (k = 0; k < d->n_old; k++)
					pos[i + k] = -1;
				for (k = 1; k < d->n_old; k++)
					fwd[i + k] = back[i + k] = -1;
				i += d->n_old - 1;
				continue;
			}
		} else {
			fwd[i] = (long)i + shift;
		}
		pos[i] = back[i] = (long)i + shift;
	}
	err = -ERANGE;
	for (i = 0; i < n; i++) {
		struct sg_insn x;
		int kind;

		if (pos[i] < 0)
			continue;
		sg_insn_get(raw + 8 * i, &x);
		kind = jump_kind(&x);
		if (kind) {
			long t = (long)i + 1 + (kind == 2 ? x.imm : x.off), nt, off;

			if (t < 0 || t > (long)n)
				goto out;
			nt = t > (long)i ? fwd[t] : back[t];
			off = nt - pos[i] - 1;
			if (nt < 0 || (kind == 1 && (off < -32768 || off > 32767)))
				goto out;
			if (kind == 2)
				x.imm = (int32_t)off;
			else
				x.off = (int16_t)off;
		}
		sg_insn_put(o + 8 * (size_t)pos[i], &x);
	}
	*out = o;
	*out_sz = total * 8;
	o = NULL;
	err = 0;
out:
	free(pos);
	free(fwd);
	free(back);
	free(o);
	return err;
}
