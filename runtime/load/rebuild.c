/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * rebuild.c - the header's compact forms back into the bytes the kernel
 * hashes and verifies: the metadata value with its zero runs
 * (tinyskel_data_read) and an in-loader variant from the common loader plus
 * its inserted instructions (tinyskel_insns_rebuild).
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

#define CLS(c) ((c) & 0x07)
#define OP(c) ((c) & 0xf0)

static uint32_t rd32(const uint8_t *p, int le)
{
	return le ? (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24
		  : (uint32_t)p[3] | (uint32_t)p[2] << 8 | (uint32_t)p[1] << 16 | (uint32_t)p[0] << 24;
}

static void wr16(uint8_t *p, uint16_t v, int le)
{
	p[le ? 0 : 1] = (uint8_t)v;
	p[le ? 1 : 0] = (uint8_t)(v >> 8);
}

static void wr32(uint8_t *p, uint32_t v, int le)
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

/* New index of the common loader's instruction t, for a jump from i. */
static long moved(const struct tinyskel_signature *sig, long i, long t)
{
	long add = 0;
	uint32_t k;

	for (k = 0; k < sig->nr_inserts; k++) {
		const struct tinyskel_insert *x = &sig->inserts[k];
		uint32_t enter = i < t ? TINYSKEL_INSERT_ENTER_FWD : TINYSKEL_INSERT_ENTER_BACK;

		if ((long)x->at < t || ((long)x->at == t && !(x->flags & enter)))
			add += x->cnt;
	}
	return t + add;
}

int tinyskel_insns_rebuild(const struct tinyskel_blob *blob, const struct tinyskel_signature *sig, uint8_t *out)
{
	long n = (long)(blob->insns_sz / 8), i, o = 0;
	int le = !!(blob->flags & TINYSKEL_BLOB_LITTLE_ENDIAN);
	uint64_t total = blob->insns_sz;
	uint32_t k = 0;

	for (k = 0; k < sig->nr_inserts; k++) {
		if (sig->inserts[k].at > (uint32_t)n || !sig->inserts[k].insns ||
		    (k && sig->inserts[k].at <= sig->inserts[k - 1].at))
			return -EINVAL;
		total += (uint64_t)sig->inserts[k].cnt * 8;
	}
	if (total != sig->insns_sz)
		return -EINVAL;
	k = 0;
	for (i = 0; i <= n; i++) {
		const uint8_t *in = blob->insns + 8 * i;
		long t, off;
		int kind;

		if (k < sig->nr_inserts && sig->inserts[k].at == (uint32_t)i) {
			memcpy(out + 8 * o, sig->inserts[k].insns, (size_t)sig->inserts[k].cnt * 8);
			o += sig->inserts[k].cnt;
			k++;
		}
		if (i == n)
			break;
		memcpy(out + 8 * o, in, 8);
		kind = jump_kind(in, le);
		if (kind) {
			int32_t rel = kind == 2 ? (int32_t)rd32(in + 4, le)
						: (int16_t)(le ? in[2] | in[3] << 8 : in[3] | in[2] << 8);

			t = i + 1 + rel;
			if (t < 0 || t > n)
				return -EINVAL;
			off = moved(sig, i, t) - o - 1;
			if (kind == 2)
				wr32(out + 8 * o + 4, (uint32_t)(int32_t)off, le);
			else if (off < -32768 || off > 32767)
				return -EINVAL;
			else
				wr16(out + 8 * o + 2, (uint16_t)(int16_t)off, le);
		}
		o++;
	}
	return 0;
}
