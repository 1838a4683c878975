/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * compact.c - what a header leaves out, and the proof that the device puts
 * it back: the metadata's zero runs (libbpf reserves a fixed, all-zero fd
 * array in every blob) and the in-loader variants, which are the common
 * loader plus a short check.  The kernel hashes and verifies the full bytes;
 * each compact form is emitted only when the runtime's own code
 * (runtime/load/rebuild.c, compiled in as gen/rebuild.c) rebuilds exactly
 * the bytes that were signed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compact.h"

int sg_zero_runs(const struct sg_object *o, uint32_t **runs, size_t *nr, uint8_t **stored, size_t *stored_sz,
		 char *err, size_t errlen)
{
	size_t i = 0, n = 0, s = 0;
	uint32_t *r = calloc(o->data_sz / SG_ZERO_RUN_MIN + 1, 2 * sizeof(*r));
	uint8_t *st = malloc(o->data_sz ? o->data_sz : 1), *back = malloc(o->data_sz ? o->data_sz : 1);
	struct tinyskel_blob b;

	if (!r || !st || !back)
		goto nomem;
	while (i < o->data_sz) {
		size_t z = i;

		while (z < o->data_sz && !o->data[z])
			z++;
		if (z - i >= SG_ZERO_RUN_MIN) {
			r[2 * n] = (uint32_t)i;
			r[2 * n + 1] = (uint32_t)(z - i);
			n++;
			i = z;
			continue;
		}
		st[s++] = o->data[i++];
	}
	memset(&b, 0, sizeof(b));
	b.data = st;
	b.data_sz = (uint32_t)o->data_sz;
	b.nr_zeros = (uint32_t)n;
	b.zeros = r;
	tinyskel_data_read(&b, 0, b.data_sz, back);
	if (memcmp(back, o->data, o->data_sz)) {
		snprintf(err, errlen, "%s: internal error: the runtime's read of the stored metadata differs", o->path);
		goto fail;
	}
	free(back);
	*runs = r;
	*nr = n;
	*stored = st;
	*stored_sz = s;
	return 0;
nomem:
	snprintf(err, errlen, "%s: out of memory", o->path);
fail:
	free(r);
	free(st);
	free(back);
	return -1;
}

/* Equal but for the jump offset (which the rebuild recomputes). */
static int same(const uint8_t *a, const uint8_t *b)
{
	uint8_t c = a[0];
	int jmp = (c & 7) == 5 || (c & 7) == 6;

	if (!jmp || (c & 0xf0) == 0x90 || ((c & 0xf0) == 0x80 && (a[1] >> 4) != 1))
		return !memcmp(a, b, 8);
	if ((c & 7) == 6 && (c & 0xf0) == 0) /* gotol: offset in imm */
		return !memcmp(a, b, 4);
	if ((c & 0xf0) == 0x80) /* bpf-to-bpf call: offset in imm */
		return !memcmp(a, b, 4);
	return a[0] == b[0] && a[1] == b[1] && !memcmp(a + 4, b + 4, 4);
}

/* P[i..i+8) matches V[j..j+8) (cut at P's end): where the loader resumes
 * after an insertion. */
static int run_matches(const uint8_t *p, size_t n, size_t i, const uint8_t *v, size_t m, size_t j)
{
	size_t d;

	for (d = 0; d < 8 && i + d < n; d++)
		if (j + d >= m || !same(p + 8 * (i + d), v + 8 * (j + d)))
			return 0;
	return 1;
}

int sg_inserts(const struct sg_object *o, const uint8_t *v, size_t v_sz, struct tinyskel_insert **ins,
	       size_t *nr, char *err, size_t errlen)
{
	static const uint16_t tries[] = { TINYSKEL_INSERT_ENTER_FWD, 0, TINYSKEL_INSERT_ENTER_BACK,
					  TINYSKEL_INSERT_ENTER_FWD | TINYSKEL_INSERT_ENTER_BACK };
	size_t n = o->insns_sz / 8, m = v_sz / 8, i = 0, j = 0, k, t, cnt = 0;
	struct tinyskel_insert *x = calloc(m + 1, sizeof(*x));
	uint8_t *back = malloc(v_sz ? v_sz : 1);
	struct tinyskel_blob b;
	struct tinyskel_signature s;

	if (!x || !back) {
		snprintf(err, errlen, "%s: out of memory", o->path);
		goto fail;
	}
	while (i < n && j < m) {
		if (same(o->insns + 8 * i, v + 8 * j)) {
			i++;
			j++;
			continue;
		}
		for (k = 1; j + k < m && !run_matches(o->insns, n, i, v, m, j + k); k++)
			;
		if (j + k >= m || k > 0xffff)
			goto nofit;
		x[cnt].at = (uint32_t)i;
		x[cnt].cnt = (uint16_t)k;
		x[cnt++].insns = v + 8 * j;
		j += k;
	}
	if (i < n)
		goto nofit;
	if (j < m) {
		if (m - j > 0xffff)
			goto nofit;
		x[cnt].at = (uint32_t)n;
		x[cnt].cnt = (uint16_t)(m - j);
		x[cnt++].insns = v + 8 * j;
	}
	memset(&b, 0, sizeof(b));
	b.flags = TINYSKEL_BLOB_LITTLE_ENDIAN;
	b.insns = o->insns;
	b.insns_sz = (uint32_t)o->insns_sz;
	memset(&s, 0, sizeof(s));
	s.insns_sz = (uint32_t)v_sz;
	s.nr_inserts = (uint32_t)cnt;
	s.inserts = x;
	for (t = 0; t < sizeof(tries) / sizeof(tries[0]); t++) {
		for (k = 0; k < cnt; k++)
			x[k].flags = tries[t];
		if (!tinyskel_insns_rebuild(&b, &s, back) && !memcmp(back, v, v_sz)) {
			free(back);
			*ins = x;
			*nr = cnt;
			return 0;
		}
	}
nofit:
	snprintf(err, errlen, "%s: the in-loader variant is not the loader plus inserted instructions "
			      "the runtime can rebuild", o->path);
fail:
	free(x);
	free(back);
	return -1;
}
