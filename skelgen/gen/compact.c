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
#include "inloader.h"

int sg_zero_runs(const struct sg_object *o, uint32_t **runs, size_t *nr, uint8_t **stored, size_t *stored_sz,
		 char *err, size_t errlen)
{
	size_t i = 0, n = 0, s = 0;
	uint32_t *r = calloc(o->data_sz / SG_ZERO_RUN_MIN + 1, 2 * sizeof(*r));
	uint8_t *st = malloc(o->data_sz ? o->data_sz : 1), *back = malloc(o->data_sz ? o->data_sz : 1);
	uint8_t *keep = calloc(o->data_sz ? o->data_sz : 1, 1);
	struct tinyskel_blob b;
	size_t k;

	if (!r || !st || !back || !keep)
		goto nomem;
	/* The skeleton's read-only views point into the stored bytes
	 * (tinyskel_data_at): no zero run inside them. */
	for (k = 0; k < o->nr_maps; k++)
		if (o->maps[k].blob_view && o->maps[k].init_blob_off >= 0 &&
		    (uint64_t)o->maps[k].init_blob_off + o->maps[k].value_size <= o->data_sz)
			memset(keep + o->maps[k].init_blob_off, 1, o->maps[k].value_size);
	while (i < o->data_sz) {
		size_t z = i;

		size_t a, e;

		while (z < o->data_sz && !o->data[z] && !keep[z])
			z++;
		/* runs start and end 8-aligned: every stored byte keeps its
		 * offset's alignment (a view's pointer into the stored bytes) */
		a = (i + 7) & ~(size_t)7;
		e = z & ~(size_t)7;
		if (e > a && e - a >= SG_ZERO_RUN_MIN) {
			while (i < a)
				st[s++] = o->data[i++];
			r[2 * n] = (uint32_t)a;
			r[2 * n + 1] = (uint32_t)(e - a);
			n++;
			i = e;
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
	for (k = 0; k < o->nr_maps; k++) {
		const struct sg_map *m = &o->maps[k];
		const uint8_t *at;

		if (!m->blob_view || m->init_blob_off < 0)
			continue;
		at = tinyskel_data_at(&b, (uint32_t)m->init_blob_off, m->value_size);
		if (!at || memcmp(at, o->data + m->init_blob_off, m->value_size)) {
			snprintf(err, errlen, "%s: internal error: the read-only view of '%s' is not stored as it is",
				 o->path, m->ident);
			goto fail;
		}
	}
	free(back);
	free(keep);
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
	free(keep);
	return -1;
}

/* The object's common loader, in its byte order, and its metadata hash (the
 * generated in-loader check's), as the runtime's rebuild reads them. */
static void loader_blob(const struct sg_object *o, struct tinyskel_blob *b)
{
	memset(b, 0, sizeof(*b));
	b->flags = o->big_endian ? TINYSKEL_BLOB_BIG_ENDIAN : TINYSKEL_BLOB_LITTLE_ENDIAN;
	b->insns = o->insns;
	b->insns_sz = (uint32_t)o->insns_sz;
	b->data_sha256 = o->data_sha256;
}

/* Equal but for the jump offset (which the rebuild recomputes).  `le`:
 * the instructions' byte order (where the source register sits). */
static int same(const uint8_t *a, const uint8_t *b, int le)
{
	uint8_t c = a[0], src = le ? a[1] >> 4 : a[1] & 0x0f;
	int jmp = (c & 7) == 5 || (c & 7) == 6;

	if (!jmp || (c & 0xf0) == 0x90 || ((c & 0xf0) == 0x80 && src != 1))
		return !memcmp(a, b, 8);
	if ((c & 7) == 6 && (c & 0xf0) == 0) /* gotol: offset in imm */
		return !memcmp(a, b, 4);
	if ((c & 0xf0) == 0x80) /* bpf-to-bpf call: offset in imm */
		return !memcmp(a, b, 4);
	return a[0] == b[0] && a[1] == b[1] && !memcmp(a + 4, b + 4, 4);
}

/* P[i..i+look) matches V[j..j+look) (cut at P's end; at P's end, V must
 * end too): where the loader resumes after an edit. */
static int resumes(const uint8_t *p, size_t n, size_t i, const uint8_t *v, size_t m, size_t j, size_t look, int le)
{
	size_t d;

	if (i == n)
		return j == m;
	for (d = 0; d < look && i + d < n; d++)
		if (j + d >= m || !same(p + 8 * (i + d), v + 8 * (j + d), le))
			return 0;
	return 1;
}

/* Replaced runs up to this long are looked for (the loader contract's
 * patches replace one instruction; struct tinyskel_edit allows 255). */
#define SG_REPLACE_MAX 8

/* One walk of both: at a difference, the fewest new (k) plus replaced (r)
 * instructions after which `look` instructions match again.  The edits
 * found, or 0 when none fits. */
static size_t walk(const struct sg_object *o, const uint8_t *v, size_t m, size_t look, struct tinyskel_edit *x)
{
	size_t n = o->insns_sz / 8, i = 0, j = 0, k = 0, r = 0, d, cnt = 0;
	int le = !o->big_endian;

	while (i < n || j < m) {
		int found = 0;

		if (i < n && j < m && same(o->insns + 8 * i, v + 8 * j, le)) {
			i++;
			j++;
			continue;
		}
		for (d = 1; !found && d <= (m - j) + SG_REPLACE_MAX; d++)
			for (r = 0; !found && r <= d && r <= SG_REPLACE_MAX && i + r <= n; r++) {
				k = d - r;
				found = j + k <= m && resumes(o->insns, n, i + r, v, m, j + k, look, le);
			}
		r--; /* the loops stepped past the pair that fit */
		if (!found || k > 0xffff)
			return 0;
		x[cnt].at = (uint32_t)i;
		x[cnt].cnt = (uint16_t)k;
		x[cnt].replace = (uint8_t)r;
		x[cnt++].insns = v + 8 * j;
		i += r;
		j += k;
	}
	return cnt;
}

int sg_edits(const struct sg_object *o, const uint8_t *v, size_t v_sz, struct tinyskel_edit **ins,
	     size_t *nr, char *err, size_t errlen)
{
	static const uint8_t tries[] = { TINYSKEL_EDIT_ENTER_FWD, 0, TINYSKEL_EDIT_ENTER_BACK,
					 TINYSKEL_EDIT_ENTER_FWD | TINYSKEL_EDIT_ENTER_BACK };
	/* how far the loader must match again after an edit: far first (no
	 * chance match), then near (edits closer together than that) */
	static const size_t looks[] = { 8, 2, 1 };
	size_t n = o->insns_sz / 8, m = v_sz / 8, k, t, l, cnt;
	struct tinyskel_edit *x = calloc(m + n + 1, sizeof(*x));
	uint8_t *back = malloc(v_sz ? v_sz : 1);
	struct tinyskel_blob b;
	struct tinyskel_signature s;

	if (!x || !back) {
		snprintf(err, errlen, "%s: out of memory", o->path);
		goto fail;
	}
	loader_blob(o, &b);
	memset(&s, 0, sizeof(s));
	s.insns_sz = (uint32_t)v_sz;
	s.edits = x;
	for (l = 0; l < sizeof(looks) / sizeof(looks[0]); l++) {
		cnt = walk(o, v, m, looks[l], x);
		if (!cnt)
			continue;
		s.nr_edits = (uint32_t)cnt;
		for (t = 0; t < sizeof(tries) / sizeof(tries[0]); t++) {
			for (k = 0; k < cnt; k++)
				x[k].flags = x[k].replace ? 0 : tries[t];
			if (!tinyskel_insns_rebuild(&b, &s, back) && !memcmp(back, v, v_sz)) {
				free(back);
				*ins = x;
				*nr = cnt;
				return 0;
			}
		}
	}
	snprintf(err, errlen, "%s: the in-loader variant is not the loader with edits "
			      "the runtime can rebuild", o->path);
fail:
	free(x);
	free(back);
	return -1;
}

int sg_check_edits(const struct sg_object *o, struct sg_sig *sig, char *err, size_t errlen)
{
	struct tinyskel_edit *x = NULL;
	size_t nr = 0;
	uint8_t *back = malloc(sig->insns_sz ? sig->insns_sz : 1);
	struct tinyskel_blob b;
	struct tinyskel_signature s;
	long at = sg_inloader_entry(o->insns, o->insns_sz);

	if (!back) {
		snprintf(err, errlen, "%s: out of memory", o->path);
		return -1;
	}
	/* the sealed loader's edits (none where it is the common loader) */
	if ((o->sealed_sz != o->insns_sz || memcmp(o->sealed, o->insns, o->insns_sz)) &&
	    sg_edits(o, o->sealed, o->sealed_sz, &x, &nr, err, errlen))
		goto fail;
	loader_blob(o, &b);
	memset(&s, 0, sizeof(s));
	s.insns_sz = (uint32_t)sig->insns_sz;
	s.flags = (uint16_t)(sig->flags | TINYSKEL_SIG_HASH_CHECK);
	s.check_at = (uint32_t)at;
	s.edits = x;
	s.nr_edits = (uint32_t)nr;
	if (at < 0 || tinyskel_insns_rebuild(&b, &s, back) || memcmp(back, sig->insns, sig->insns_sz)) {
		snprintf(err, errlen, "%s: the in-loader variant is not the sealed loader with the generated check",
			 o->path);
		goto fail;
	}
	free(back);
	free(sig->edits);
	sig->edits = x;
	sig->nr_edits = nr;
	sig->check_at = s.check_at;
	sig->flags = s.flags;
	return 0;
fail:
	free(x);
	free(back);
	return -1;
}
