/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * inloader.c - insert the metadata-hash check into a libbpf 1.1 loader.
 *
 * libbpf's loader starts with a short prologue, then `ja` over its cleanup
 * block; every error branch jumps back to that block's first instruction
 * with the error in r7.  The check goes at the ja's target, so it is the
 * first thing the loader does after the prologue:
 *
 *   for i in 0..3:  r1 = map[0] (BPF_PSEUDO_MAP_IDX)
 *                   r2 = *(u64 *)(r1 + 8*i)        kernel's cached map hash
 *                   r3 = expected word i (ld_imm64, target byte order)
 *                   if r2 != r3 goto fail
 *   [excl variant:  the same for the u32 `excl` word at offset 32 (must be 1)]
 *                   goto ok
 *   fail:           r0 = -EINVAL; exit
 *   ok:             (the loader's body)
 *
 * A mismatch exits on its own instead of jumping to libbpf's cleanup block:
 * that block closes the fds named in the metadata, which at this point is
 * exactly what failed the check (attacker bytes).  Nothing exists yet that
 * would need closing.
 *
 * Two variants because 6.18.y has two struct bpf_map layouts (tinyskel.h,
 * TINYSKEL_INLOADER_EXCL_OFF): the verifier refuses the excl read where
 * offset 32 is the `ops` pointer.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inloader.h"
#include "sign/sign.h"

#define CLS(c) ((c) & 0x07)
#define OP(c) ((c) & 0xf0)
#define CLS_JMP 0x05
#define CLS_JMP32 0x06
#define OP_JA 0x00
#define OP_CALL 0x80
#define OP_EXIT 0x90
#define PSEUDO_CALL 1
#define PSEUDO_MAP_IDX 5
#define CHECK_WORDS 4
/* 6 per hash word, 5 for the excl word, then ja + the 2-insn fail exit */
#define CHECK_LEN(excl) (CHECK_WORDS * 6 + ((excl) ? 5 : 0) + 3)

struct insn {
	uint8_t code, regs;
	int16_t off;
	int32_t imm;
};

/* The one place that knows the byte order of instructions: struct insn
 * holds values (regs = dst | src << 4), the loader's bytes are the target's.
 * A big-endian struct bpf_insn puts dst_reg in the high nibble of byte 1
 * and stores off and imm big-endian (libbpf's bpf_insn_bswap). */
static struct insn decode(const uint8_t *b, int be)
{
	struct insn i;

	i.code = b[0];
	i.regs = be ? (uint8_t)(b[1] >> 4 | b[1] << 4) : b[1];
	i.off = (int16_t)(be ? (uint16_t)(b[2] << 8 | b[3]) : (uint16_t)(b[3] << 8 | b[2]));
	i.imm = (int32_t)(be ? (uint32_t)b[4] << 24 | (uint32_t)b[5] << 16 | (uint32_t)b[6] << 8 | b[7]
			     : (uint32_t)b[7] << 24 | (uint32_t)b[6] << 16 | (uint32_t)b[5] << 8 | b[4]);
	return i;
}

static void encode(uint8_t *b, struct insn i, int be)
{
	uint16_t off = (uint16_t)i.off;
	uint32_t imm = (uint32_t)i.imm;
	int k;

	b[0] = i.code;
	b[1] = be ? (uint8_t)(i.regs >> 4 | i.regs << 4) : i.regs;
	b[be ? 3 : 2] = (uint8_t)off;
	b[be ? 2 : 3] = (uint8_t)(off >> 8);
	for (k = 0; k < 4; k++)
		b[4 + (be ? 3 - k : k)] = (uint8_t)(imm >> (8 * k));
}

/* The 64-bit word the kernel reads at hash + 8*w: the target's order. */
static uint64_t hash_word(const uint8_t hash[32], size_t w, int be)
{
	uint64_t v = 0;
	int k;

	for (k = 0; k < 8; k++)
		v = v << 8 | hash[8 * w + (size_t)(be ? k : 7 - k)];
	return v;
}

static struct insn mk(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
	struct insn i = { code, (uint8_t)(dst | (src << 4)), off, imm };

	return i;
}

static void ld_imm64(struct insn *at, uint8_t dst, uint8_t src, uint64_t v)
{
	at[0] = mk(0x18, dst, src, 0, (int32_t)(uint32_t)v);
	at[1] = mk(0x00, 0, 0, 0, (int32_t)(uint32_t)(v >> 32));
}

static int is_jump(const struct insn *i)
{
	uint8_t c = i->code;

	if (CLS(c) != CLS_JMP && CLS(c) != CLS_JMP32)
		return 0;
	if (CLS(c) == CLS_JMP32 && OP(c) == OP_JA)
		return 2; /* gotol: 32-bit offset in imm */
	if (OP(c) == OP_EXIT)
		return 0;
	if (OP(c) == OP_CALL)
		return (i->regs >> 4) == PSEUDO_CALL ? 2 : 0; /* bpf-to-bpf call: imm is relative */
	return 1;
}

/* The block, self-contained: mismatches jump to its own exit. */
static void emit_check(struct insn *b, const uint8_t hash[32], int excl, int be)
{
	size_t n = 0, w, fail = (size_t)CHECK_LEN(excl) - 2, jne[CHECK_WORDS + 1], nj = 0;

	for (w = 0; w < CHECK_WORDS + (excl ? 1 : 0); w++) {
		ld_imm64(&b[n], 1, PSEUDO_MAP_IDX, 0);
		n += 2;
		if (w == CHECK_WORDS) {
			b[n++] = mk(0x61, 2, 1, SG_INLOADER_EXCL_OFF, 0); /* r2 = *(u32 *)(r1 + 32) */
			b[n++] = mk(0xb7, 3, 0, 0, 1);                    /* r3 = 1 */
		} else {
			b[n++] = mk(0x79, 2, 1, (int16_t)(8 * w), 0);     /* r2 = *(u64 *)(r1 + 8w) */
			ld_imm64(&b[n], 3, 0, hash_word(hash, w, be));
			n += 2;
		}
		jne[nj++] = n;
		b[n++] = mk(0x5d, 2, 3, 0, 0);                            /* if r2 != r3 goto fail */
	}
	b[n++] = mk(0x05, 0, 0, 2, 0);                                    /* goto ok */
	b[n++] = mk(0xb7, 0, 0, 0, -EINVAL);                              /* fail: r0 = -EINVAL */
	b[n++] = mk(0x95, 0, 0, 0, 0);                                    /* exit */
	for (w = 0; w < nj; w++)
		b[jne[w]].off = (int16_t)((long)fail - (long)jne[w] - 1);
}

int sg_inloader_rewrite(const uint8_t *raw, size_t raw_sz, const uint8_t hash[32], int excl, uint8_t **out,
			size_t *out_sz)
{
	return sg_inloader_rewrite_order(raw, raw_sz, hash, excl, 0, out, out_sz);
}

int sg_inloader_rewrite_order(const uint8_t *raw, size_t raw_sz, const uint8_t hash[32], int excl, int be,
			      uint8_t **out, size_t *out_sz)
{
	size_t n = raw_sz / 8, i, ja = n, p, len = (size_t)CHECK_LEN(excl);
	struct insn *in, *o;

	if (raw_sz % 8 || n == 0)
		return -EINVAL;
	in = malloc(raw_sz);
	o = calloc(n + len, sizeof(*o));
	if (!in || !o) {
		free(in);
		free(o);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		in[i] = decode(raw + 8 * i, be);
	for (i = 0; i < n && ja == n; i++)
		if (in[i].code == (CLS_JMP | OP_JA))
			ja = i;
	p = ja + 1 + (size_t)(long)in[ja < n ? ja : 0].off;
	if (ja == n || in[ja].off <= 0 || p > n) {
		free(in);
		free(o);
		return -ENOEXEC;
	}
	for (i = 0; i < n; i++) {
		struct insn x = in[i];
		int kind = is_jump(&x);
		size_t ni = i < p ? i : i + len;

		if (kind) {
			long t = (long)i + 1 + (kind == 2 ? x.imm : x.off);
			long nt = (i < p && t == (long)p) || t < (long)p ? t : t + (long)len;
			long off = nt - (long)ni - 1;

			if (t < 0 || t > (long)n || off < -32768 || off > 32767)
				goto bad;
			if (kind == 2)
				x.imm = (int32_t)off;
			else
				x.off = (int16_t)off;
		}
		o[ni] = x;
	}
	emit_check(&o[p], hash, excl, be);
	free(in);
	for (i = 0; i < n + len; i++)
		encode((uint8_t *)&o[i], o[i], be);
	*out = (uint8_t *)o;
	*out_sz = (n + len) * sizeof(*o);
	return 0;
bad:
	free(in);
	free(o);
	return -ERANGE;
}

int sg_inloader_insns(const struct sg_object *obj, int excl, uint8_t **insns, size_t *insns_sz, char *err,
		      size_t errlen)
{
	int e = sg_inloader_rewrite_order(obj->insns, obj->insns_sz, obj->data_sha256, excl, obj->big_endian, insns,
					  insns_sz);

	if (e == -ENOEXEC)
		snprintf(err, errlen, "%s: loader does not start the way libbpf's does (no jump over cleanup); "
				      "cannot insert the in-loader check", obj->path);
	else if (e)
		snprintf(err, errlen, "%s: cannot insert the in-loader check: %s", obj->path, strerror(-e));
	return e ? -1 : 0;
}
