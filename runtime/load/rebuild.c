/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * rebuild.c - the header's compact forms back into the bytes the kernel
 * hashes and verifies: the metadata value with its zero runs
 * (tinyskel_data_read, tinyskel_data_at), a signature's loader from the
 * common loader plus its edits and the generated in-loader check
 * (tinyskel_insns_rebuild, tinyskel_hash_check), and a signature's DER from
 * the bytes it shares with the first one (tinyskel_sig_read).
 *
 * The one definition of both layouts: skelgen compiles this file too
 * (skelgen/gen/rebuild.c) and emits a compact form only when this code
 * gives back exactly the bytes it signed.  So it includes nothing of the
 * runtime's internals.
 */
#include <errno.h>
#include <string.h>

#include "tinyskel.h"

void tinyskel_data_read(const struct tinyskel_blob *blob, uint32_t off, uint32_t len, uint8_t *out)
{
	uint32_t pos = 0, stored = 0, i;

	/* Walk the value as stored pieces and zero runs; copy what overlaps
	 * [off, off + len). */
	for (i = 0; i <= blob->nr_zeros && len; i++) {
		uint32_t zoff = i < blob->nr_zeros ? blob->zeros[2 * i] : blob->data_sz;
		uint32_t zlen = i < blob->nr_zeros ? blob->zeros[2 * i + 1] : 0;
		uint32_t n;

		/* stored bytes [pos, zoff) */
		if (off < zoff) {
			n = zoff - off < len ? zoff - off : len;
			memcpy(out, blob->data + stored + (off - pos), n);
			out += n;
			off += n;
			len -= n;
		}
		stored += zoff - pos;
		/* zeros [zoff, zoff + zlen) */
		if (len && off < zoff + zlen) {
			n = zoff + zlen - off < len ? zoff + zlen - off : len;
			memset(out, 0, n);
			out += n;
			off += n;
			len -= n;
		}
		pos = zoff + zlen;
	}
}

const uint8_t *tinyskel_data_at(const struct tinyskel_blob *blob, uint32_t off, uint32_t len)
{
	uint64_t end = (uint64_t)off + len, before = 0;
	uint32_t i;

	if (end > blob->data_sz)
		return NULL;
	for (i = 0; i < blob->nr_zeros; i++) {
		uint64_t zoff = blob->zeros[2 * i], zend = zoff + blob->zeros[2 * i + 1];

		if (zoff >= end)
			break;
		if (zend > off)
			return NULL; /* a zero run inside: not stored as it is */
		before += zend - zoff;
	}
	return blob->data + (off - before);
}

void tinyskel_sig_read(const struct tinyskel_blob *blob, const struct tinyskel_signature *sig, uint8_t *out)
{
	memcpy(out, blob->sigs[0].sig, sig->sig_shared);
	memcpy(out + sig->sig_shared, sig->sig, sig->sig_sz - sig->sig_shared);
}

#define CLS(c) ((c) & 0x07)
#define OP(c) ((c) & 0xf0)

static uint32_t rd32(const uint8_t *p, int le)
{
	return le ? (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24
		  : (uint32_t)p[3] | (uint32_t)p[2] << 8 | (uint32_t)p[1] << 16 | (uint32_t)p[0] << 24;
}

static __attribute__((noinline)) void wr16(uint8_t *p, uint16_t v, int le)
{
	p[le ? 0 : 1] = (uint8_t)v;
	p[le ? 1 : 0] = (uint8_t)(v >> 8);
}

static __attribute__((noinline)) void wr32(uint8_t *p, uint32_t v, int le)
{
	int k;

	for (k = 0; k < 4; k++)
		p[le ? k : 3 - k] = (uint8_t)(v >> (8 * k));
}

/* 1: relative offset in `off`; 2: in `imm` (gotol, bpf-to-bpf call); 0: no jump. */
static int jump_kind(const uint8_t *in, int le)
{
	uint8_t c = in[0], src = le ? in[1] >> 4 : in[1] & 0x0f;

	if (CLS(c) != 0x05 && CLS(c) != 0x06)
		return 0;
	if (CLS(c) == 0x06 && OP(c) == 0x00)
		return 2;
	if (OP(c) == 0x90)
		return 0;
	if (OP(c) == 0x80)
		return src == 1 ? 2 : 0;
	return 1;
}

#define HASH_WORDS 4
#define HASH_CHECK_LEN(excl) (HASH_WORDS * 6 + ((excl) ? 5 : 0) + 3)

/* One compare: r1 = the metadata map (ld_imm64, BPF_PSEUDO_MAP_IDX,
 * index 0); r2 = a word of the kernel's map object; r3 = the expected
 * value (ld_imm64 for a hash word, mov for the excl word); if r2 != r3
 * goto fail.  Per instruction: code, dst << 4 | src. */
static const uint8_t cmp_word[6][2] = { { 0x18, 0x15 }, { 0, 0 }, { 0x79, 0x21 },
					{ 0x18, 0x30 }, { 0, 0 }, { 0x5d, 0x23 } };
static const uint8_t cmp_excl[5][2] = { { 0x18, 0x15 }, { 0, 0 }, { 0x61, 0x21 }, { 0xb7, 0x30 }, { 0x5d, 0x23 } };
/* goto ok; fail: r0 = TINYSKEL_LOADER_TAMPERED; exit */
static const uint8_t tail[3][2] = { { 0x05, 0 }, { 0xb7, 0 }, { 0x95, 0 } };

uint32_t tinyskel_hash_check(const struct tinyskel_blob *blob, int excl, uint8_t *out)
{
	const uint32_t n = HASH_CHECK_LEN(excl), fail = n - 2;
	int le = !!(blob->flags & TINYSKEL_BLOB_LITTLE_ENDIAN);
	uint32_t i, w = 0, k = 0;

	for (i = 0; out && i < n; i++) {
		const uint8_t *t = i >= n - 3 ? tail[i - (n - 3)] : w < HASH_WORDS ? cmp_word[k] : cmp_excl[k];
		int16_t off = 0;
		int32_t imm = 0;

		if (t[0] == 0x79)
			off = (int16_t)(8 * w);                  /* r2 = *(u64 *)(r1 + 8w) */
		else if (t[0] == 0x61)
			off = TINYSKEL_INLOADER_EXCL_OFF;        /* r2 = *(u32 *)(r1 + 32) */
		else if (t[0] == 0x5d)
			off = (int16_t)(fail - i - 1);
		else if (t[0] == 0x05)
			off = 2;
		if (i >= n - 3)
			imm = t[0] == 0xb7 ? TINYSKEL_LOADER_TAMPERED : 0;
		else if (w == HASH_WORDS)
			imm = t[0] == 0xb7; /* r3 = 1: the map is exclusive */
		else if (k == 3 || k == 4)
			/* the word as the device reads the hash: low half first */
			imm = (int32_t)rd32(blob->data_sha256 + 8 * w + ((k == 3) == le ? 0 : 4), le);
		out[8 * i] = t[0];
		out[8 * i + 1] = le ? (uint8_t)(t[1] << 4 | t[1] >> 4) : t[1];
		wr16(out + 8 * i + 2, (uint16_t)off, le);
		wr32(out + 8 * i + 4, (uint32_t)imm, le);
		if (++k == (w < HASH_WORDS ? 6u : 5u)) {
			k = 0;
			w++;
			if (w == HASH_WORDS && !excl)
				w++;
		}
	}
	return n;
}

/* The k-th edit of `sig` in loader order, the generated hash check among
 * them: an insertion entered from before it, *gen set (insns NULL). */
static struct tinyskel_edit edit_nth(const struct tinyskel_blob *blob, const struct tinyskel_signature *sig,
				     uint32_t k, int *gen)
{
	struct tinyskel_edit e;
	uint32_t p = 0;

	*gen = 0;
	if (!(sig->flags & TINYSKEL_SIG_HASH_CHECK))
		return sig->edits[k];
	while (p < sig->nr_edits && sig->edits[p].at < sig->check_at)
		p++;
	if (k != p)
		return sig->edits[k < p ? k : k - 1];
	*gen = 1;
	e.at = sig->check_at;
	e.cnt = (uint16_t)tinyskel_hash_check(blob, !(sig->flags & TINYSKEL_SIG_INLOADER_NO_EXCL), NULL);
	e.replace = 0;
	e.flags = TINYSKEL_EDIT_ENTER_FWD;
	e.insns = NULL;
	return e;
}

static uint32_t nr_edits(const struct tinyskel_signature *sig)
{
	return sig->nr_edits + !!(sig->flags & TINYSKEL_SIG_HASH_CHECK);
}

/* Where a jump from the common loader's instruction i to its instruction t
 * lands in the rebuilt loader; -1 inside a replaced run. */
static long moved(const struct tinyskel_blob *blob, const struct tinyskel_signature *sig, long i, long t)
{
	long add = 0;
	uint32_t k;
	int gen;

	for (k = 0; k < nr_edits(sig); k++) {
		const struct tinyskel_edit x = edit_nth(blob, sig, k, &gen);
		long at = (long)x.at, end = at + x.replace;
		uint32_t enter = i < t ? TINYSKEL_EDIT_ENTER_FWD : TINYSKEL_EDIT_ENTER_BACK;

		if (at < t && t < end)
			return -1;
		if (at < t || (at == t && !x.replace && !(x.flags & enter)))
			add += (long)x.cnt - x.replace;
	}
	return t + add;
}

/* The edits ascend, do not overlap, stay inside the loader and add up to
 * insns_sz.  0 or -EINVAL. */
static int edits_fit(const struct tinyskel_blob *blob, const struct tinyskel_signature *sig)
{
	uint64_t n = blob->insns_sz / 8, total = n, next = 0;
	uint32_t k;
	int gen;

	for (k = 0; k < nr_edits(sig); k++) {
		const struct tinyskel_edit x = edit_nth(blob, sig, k, &gen);

		if (x.at < next || x.at + (uint64_t)x.replace > n || (!x.cnt && !x.replace) ||
		    (x.cnt && !x.insns && !gen))
			return -EINVAL;
		next = x.at + (uint64_t)(x.replace ? x.replace : 1);
		total += x.cnt;
		total -= x.replace;
	}
	return total * 8 == sig->insns_sz ? 0 : -EINVAL;
}

int tinyskel_insns_rebuild(const struct tinyskel_blob *blob, const struct tinyskel_signature *sig, uint8_t *out)
{
	long n = (long)(blob->insns_sz / 8), i = 0, o = 0;
	int le = !!(blob->flags & TINYSKEL_BLOB_LITTLE_ENDIAN);
	uint32_t k = 0;
	int gen;

	if (edits_fit(blob, sig))
		return -EINVAL;
	if (!out)
		return 0; /* tinyskel_validate: sizes only, no instruction read */
	for (;;) {
		const uint8_t *in = blob->insns + 8 * i;
		long t, nt, off;
		int kind;

		if (k < nr_edits(sig) && edit_nth(blob, sig, k, &gen).at == (uint32_t)i) {
			const struct tinyskel_edit x = edit_nth(blob, sig, k++, &gen);

			if (!gen)
				memcpy(out + 8 * o, x.insns, (size_t)x.cnt * 8);
			else
				tinyskel_hash_check(blob, !(sig->flags & TINYSKEL_SIG_INLOADER_NO_EXCL), out + 8 * o);
			o += x.cnt;
			if (x.replace) {
				i += x.replace; /* the replaced instructions are gone */
				continue;
			}
		}
		if (i >= n)
			break;
		memcpy(out + 8 * o, in, 8);
		kind = jump_kind(in, le);
		if (kind) {
			int32_t rel = kind == 2 ? (int32_t)rd32(in + 4, le)
						: (int16_t)(le ? in[2] | in[3] << 8 : in[3] | in[2] << 8);

			t = i + 1 + rel;
			nt = t < 0 || t > n ? -1 : moved(blob, sig, i, t);
			if (nt < 0)
				return -EINVAL;
			off = nt - o - 1;
			if (kind == 2)
				wr32(out + 8 * o + 4, (uint32_t)(int32_t)off, le);
			else if (off < -32768 || off > 32767)
				return -EINVAL;
			else
				wr16(out + 8 * o + 2, (uint16_t)(int16_t)off, le);
		}
		o++;
		i++;
	}
	return 0;
}
