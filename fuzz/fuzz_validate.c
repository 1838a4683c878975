// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * fuzz_validate.c - the runtime's header validation, tinyskel_validate().
 *
 * The input bytes drive the construction of a struct tinyskel_skel_info:
 * its blob, signature list and map/program tables.  Every table is a heap
 * allocation of exactly the size the description claims (counts above the
 * validator's limits get a one-entry table: they must be refused before
 * the table is read), the metadata blob and instructions are exact-size
 * buffers up to 64 KiB.  Linked with abort_sys.c: any syscall aborts.
 *
 * Properties:
 *  - no read out of bounds, no syscall, result is 0 or -EINVAL with step
 *    VALIDATE and a reason;
 *  - when validation passes, tinyskel_init() on a skeleton struct of
 *    exactly skel_sz bytes stays inside it and inside the blob;
 *  - an accepted program's attach function is the one of its kind, with
 *    the target the kind needs (issue 11, item 17);
 *  - slots the runtime stores a pointer or an fd in are aligned and do not
 *    overlap (docs/fuzz.md, finding 1, fixed in runtime/load/validate.c): an
 *    accepted violation aborts.  FUZZ_LENIENT=1 only reports it once.
 */
#include "fuzz.h"

#include <errno.h>
#include <stdalign.h>
#include <string.h>

#include "tinyskel.h"

#define BUF_MAX (64u << 10)	/* larger sizes get a placeholder buffer */
#define TABLE_MAX 5000u		/* larger map/prog counts get a one-entry table */
#define SIGS_MAX 16u		/* larger signature counts get a one-entry table */

struct reader {
	const uint8_t *p;
	size_t n;
};

static uint8_t r8(struct reader *r)
{
	if (!r->n)
		return 0;
	r->n--;
	return *r->p++;
}

static uint16_t r16(struct reader *r)
{
	uint16_t v = r8(r);

	return (uint16_t)(v | (uint16_t)r8(r) << 8);
}

static uint32_t r32(struct reader *r)
{
	uint32_t v = r16(r);

	return v | (uint32_t)r16(r) << 16;
}

/* A size: mostly small and a multiple of 8, sometimes anything. */
static uint32_t rsize(struct reader *r)
{
	static const uint32_t special[8] = {
		0, 8, 7, 0xfffffff8u, 8000000u, 8000008u, 256u << 20, (256u << 20) + 8,
	};
	uint8_t b = r8(r);

	switch (b >> 6) {
	case 0:
		return (uint32_t)r8(r) * 8;
	case 1:
		return r16(r);
	case 2:
		return special[b & 7];
	default:
		return r32(r);
	}
}

/* An offset: "none", small, or anything. */
static uint32_t roff(struct reader *r)
{
	uint8_t b = r8(r);

	switch (b >> 6) {
	case 0:
		return TINYSKEL_NO_OFF;
	case 1:
		return r8(r);
	case 2:
		return r16(r);
	default:
		return r32(r);
	}
}

/* A count: mostly 0..7, sometimes anything. */
static uint32_t rcount(struct reader *r)
{
	uint8_t b = r8(r);

	if (b < 0xf0)
		return b & 7;
	if (b < 0xf8)
		return r16(r);
	return r32(r);
}

static const uint8_t sha[32];
static const uint8_t sha_variant[32] = { 1 }; /* the in-loader variant's hash differs */

/* attach_fn candidates, and which kind each attaches (issue 11, item 17:
 * validation asks the function, which must make no syscall doing so). */
static const tinyskel_attach_fn attach_fns[5] = {
	NULL, tinyskel_attach_raw_tp, tinyskel_attach_tracing, tinyskel_attach_iter, tinyskel_attach_perf,
};

static int fn_matches(const struct tinyskel_prog_info *p)
{
	switch (p->attach) {
	case TINYSKEL_ATTACH_NONE:
		return p->attach_fn == NULL;
	case TINYSKEL_ATTACH_RAW_TP:
		return p->attach_fn == tinyskel_attach_raw_tp && p->target;
	case TINYSKEL_ATTACH_TRACING:
		return p->attach_fn == tinyskel_attach_tracing;
	case TINYSKEL_ATTACH_ITER:
		return p->attach_fn == tinyskel_attach_iter;
	default:
		return p->attach_fn == tinyskel_attach_perf && p->target;
	}
}
static uint8_t placeholder[8] __attribute__((aligned(8)));

/* All the allocations of one run, freed at the end. */
struct pool {
	void **p;
	size_t n, cap;
};

static void *take(struct pool *pl, size_t len)
{
	void *p;

	if (pl->n == pl->cap) {
		pl->cap = pl->cap ? pl->cap * 2 : 16;
		pl->p = realloc(pl->p, pl->cap * sizeof(*pl->p));
		FUZZ_ASSERT(pl->p, "out of memory");
	}
	p = calloc(1, len ? len : 1);
	FUZZ_ASSERT(p, "out of memory");
	pl->p[pl->n++] = p;
	return p;
}

/* A buffer of exactly `len` bytes (a placeholder past BUF_MAX). */
static uint8_t *buffer(struct pool *pl, struct reader *r, uint32_t len, int *exact)
{
	uint8_t *p;
	uint32_t i;

	if (len > BUF_MAX) {
		*exact = 0;
		return placeholder;
	}
	p = take(pl, len);
	for (i = 0; i < len; i++)
		p[i] = (uint8_t)i;
	if (len && r->n)
		p[0] = r8(r);
	return p;
}

static int aligned(uint32_t off, size_t align)
{
	return off % align == 0;
}

/* Default: the finding-1 properties abort like any other failure. */
static int strict;

static void finding(const char *fmt, uint32_t a, uint32_t b)
{
	static unsigned reported;

	if (strict) {
		fprintf(stderr, "fuzz_validate: accepted: ");
		fprintf(stderr, fmt, a, b);
		fputc('\n', stderr);
		abort();
	}
	if (reported++ == 0) {
		fprintf(stderr, "fuzz_validate: finding (FUZZ_LENIENT set, going on): ");
		fprintf(stderr, fmt, a, b);
		fputc('\n', stderr);
	}
}

struct slot {
	uint32_t off, len;
};

/* Findings reported in docs/fuzz.md, checked on descriptions that passed
 * validation: slots the runtime stores a pointer or an int in must be
 * aligned for it, and the slots (link fds, keyring_id, global-data
 * pointers, initial value storage) must not overlap one another.  Returns how many. */
static int known_findings(const struct tinyskel_skel_info *info)
{
	struct slot s[64];
	uint32_t i, j, n = 0;
	int found = 0;

	for (i = 0; i < info->nr_maps; i++) {
		const struct tinyskel_map_info *m = &info->maps[i];

		if (m->ptr_off != TINYSKEL_NO_OFF && !aligned(m->ptr_off, alignof(void *))) {
			finding("map %u: global-data pointer at misaligned offset %u", i, m->ptr_off);
			found++;
		}
		if (m->ptr_off != TINYSKEL_NO_OFF && n < 64)
			s[n++] = (struct slot){ m->ptr_off, sizeof(void *) };
		if (m->init_off != TINYSKEL_NO_OFF && m->value_size && n < 64)
			s[n++] = (struct slot){ m->init_off, m->value_size };
	}
	for (i = 0; i < info->nr_progs; i++) {
		const struct tinyskel_prog_info *p = &info->progs[i];

		if (!aligned(p->link_off, alignof(int))) {
			finding("prog %u: link slot at misaligned offset %u", i, p->link_off);
			found++;
		}
		if (n < 64)
			s[n++] = (struct slot){ p->link_off, sizeof(int) };
	}
	if (info->keyring_off) {
		if (!aligned(info->keyring_off, alignof(int32_t))) {
			finding("keyring_id at misaligned offset %u (%u)", info->keyring_off, 0);
			found++;
		}
		if (n < 64)
			s[n++] = (struct slot){ info->keyring_off, sizeof(int32_t) };
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < i; j++)
			if (s[i].off < s[j].off + (uint64_t)s[j].len &&
			    s[j].off < s[i].off + (uint64_t)s[i].len) {
				finding("slots at offsets %u and %u overlap", s[j].off, s[i].off);
				found++;
			}
	return found;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reader r = { data, size };
	struct pool pl = { NULL, 0, 0 };
	struct tinyskel_blob blob;
	struct tinyskel_signature *sigs = NULL;
	struct tinyskel_map_info *maps = NULL;
	struct tinyskel_prog_info *progs = NULL;
	struct tinyskel_skel_info info;
	struct tinyskel_result res;
	uint32_t maps_off = sizeof(struct tinyskel_loader_ctx), i, nsig_alloc, nmap_alloc, nprog_alloc;
	uint8_t ctl = r8(&r);
	int data_exact = 1, exact = 1, rc;

	strict = getenv("FUZZ_LENIENT") == NULL;
	memset(&blob, 0, sizeof(blob));
	blob.magic = (ctl & 0x01) ? r32(&r) : TINYSKEL_BLOB_MAGIC;
	blob.version = (ctl & 0x02) ? r16(&r) : TINYSKEL_BLOB_VERSION;
	blob.flags = (ctl & 0x04) ? r16(&r) : TINYSKEL_BLOB_LITTLE_ENDIAN;
	blob.insns_sz = rsize(&r);
	blob.insns = (ctl & 0x08) ? NULL : buffer(&pl, &r, blob.insns_sz, &exact);
	blob.insns_sha256 = (ctl & 0x10) ? NULL : sha;
	blob.data_sz = rsize(&r);
	blob.data = (ctl & 0x20) ? NULL : buffer(&pl, &r, blob.data_sz, &data_exact);
	blob.data_sha256 = (ctl & 0x40) ? NULL : sha;
	blob.nr_sigs = rcount(&r);
	nsig_alloc = blob.nr_sigs <= SIGS_MAX ? blob.nr_sigs : 1;
	if (nsig_alloc && !(ctl & 0x80)) {
		sigs = take(&pl, nsig_alloc * sizeof(*sigs));
		for (i = 0; i < nsig_alloc; i++) {
			struct tinyskel_signature *s = &sigs[i];
			uint8_t b = r8(&r);

			s->scheme = (b & 0x80) ? r32(&r) : b & 3;
			s->sig_sz = rsize(&r);
			s->sig = (b & 0x04) ? NULL : buffer(&pl, &r, s->sig_sz, &exact);
			if (b & 0x08) {
				s->insns_sz = rsize(&r);
				s->insns = (b & 0x10) ? NULL : buffer(&pl, &r, s->insns_sz, &exact);
				s->insns_sha256 = (b & 0x20) ? NULL : sha_variant;
			}
		}
	}
	blob.sigs = sigs;

	memset(&info, 0, sizeof(info));
	info.name = "fuzz";
	info.blob = r8(&r) == 0xff ? NULL : &blob;
	info.nr_maps = rcount(&r);
	info.nr_progs = rcount(&r);
	nmap_alloc = info.nr_maps <= TABLE_MAX ? info.nr_maps : 1;
	nprog_alloc = info.nr_progs <= TABLE_MAX ? info.nr_progs : 1;
	if (nmap_alloc) {
		maps = take(&pl, nmap_alloc * sizeof(*maps));
		for (i = 0; i < nmap_alloc; i++) {
			struct tinyskel_map_info *m = &maps[i];
			uint8_t b = r8(&r);

			m->name = "map";
			m->desc_off = (b & 1) ? r32(&r) : maps_off + i * (uint32_t)sizeof(struct tinyskel_map_desc);
			m->ptr_off = roff(&r);
			m->init_off = roff(&r);
			m->init_blob_off = roff(&r);
			m->value_size = (b & 2) ? r32(&r) : r16(&r);
			m->flags = (b >> 2) & 3;
		}
	}
	if (nprog_alloc) {
		uint32_t progs_off = maps_off + info.nr_maps * (uint32_t)sizeof(struct tinyskel_map_desc);

		progs = take(&pl, nprog_alloc * sizeof(*progs));
		for (i = 0; i < nprog_alloc; i++) {
			struct tinyskel_prog_info *p = &progs[i];
			uint8_t b = r8(&r);

			p->name = "prog";
			p->desc_off = (b & 1) ? r32(&r) : progs_off + i * (uint32_t)sizeof(struct tinyskel_prog_desc);
			p->link_off = roff(&r);
			p->attach = (b & 2) ? r32(&r) : (uint32_t)(b >> 2) % TINYSKEL_ATTACH__COUNT;
			p->target = (b & 0x80) ? NULL : "sched/sched_switch";
			/* no extra input byte (the corpus keeps its meaning):
			 * a function picked from the same bits as the kind, so
			 * matching and mismatched pairs both occur */
			p->attach_fn = attach_fns[(b >> 3) % 5];
		}
	}
	info.maps = (r8(&r) == 0xff) ? NULL : maps;
	info.progs = (r8(&r) == 0xff) ? NULL : progs;
	{
		uint8_t b = r8(&r);
		uint32_t ctx = maps_off + info.nr_maps * (uint32_t)sizeof(struct tinyskel_map_desc) +
			       info.nr_progs * (uint32_t)sizeof(struct tinyskel_prog_desc);

		info.ctx_sz = (b & 1) ? r32(&r) : ctx;
		info.skel_sz = (b & 2) ? r32(&r) : info.ctx_sz + r16(&r);
	}
	/* Read last, so older seeds (which end before it) keep their meaning:
	 * no keyring_id slot. */
	info.keyring_off = roff(&r);
	if (info.keyring_off == TINYSKEL_NO_OFF)
		info.keyring_off = 0;
	/* Issue 24's compact forms, read after everything else (older seeds
	 * end before them): zero runs, and per signature edits, the generated
	 * check and bytes shared with the first signature. */
	if (r8(&r) & 1) {
		uint32_t n = rcount(&r), k;
		uint32_t *z;

		/* a count past TABLE_MAX gets no table (refused as corrupt) */
		blob.nr_zeros = n;
		n = n <= TABLE_MAX ? n : 0;
		z = take(&pl, 2 * (size_t)n * sizeof(*z));
		for (k = 0; k < 2 * n; k++)
			z[k] = (k & 1) ? r16(&r) : roff(&r);
		blob.zeros = (ctl & 0x20) || !n ? NULL : z;
	}
	for (i = 0; sigs && i < nsig_alloc; i++) {
		struct tinyskel_signature *s = &sigs[i];
		uint8_t e = r8(&r);
		uint32_t k, n;
		struct tinyskel_edit *x;

		if (!(e & 1))
			continue;
		s->flags = (uint16_t)(r8(&r) & 7);
		s->sig_shared = r16(&r);
		s->check_at = (e & 2) ? r32(&r) : r8(&r);
		s->nr_edits = n = rcount(&r);
		n = n <= TABLE_MAX ? n : 0;
		x = take(&pl, (size_t)n * sizeof(*x));
		for (k = 0; k < n; k++) {
			x[k].at = r16(&r);
			x[k].cnt = r8(&r);
			x[k].replace = r8(&r);
			x[k].flags = r8(&r) & 3;
			x[k].insns = (e & 4) ? NULL : buffer(&pl, &r, (uint32_t)x[k].cnt * 8, &exact);
		}
		s->edits = (e & 8) || !n ? NULL : x;
		if (e & 0x10) {
			s->insns = NULL;
			s->insns_sha256 = sha_variant;
		}
	}

	memset(&res, 0, sizeof(res));
	rc = tinyskel_validate(&info, &res);
	FUZZ_ASSERT(rc == 0 || (rc == -EINVAL && res.err == -EINVAL &&
				res.step == TINYSKEL_STEP_VALIDATE && res.reason),
		    "validate returned %d (err %d, step %u)", rc, res.err, res.step);
	FUZZ_ASSERT(tinyskel_validate(&info, NULL) == rc, "result depends on res");
	if (getenv("FUZZ_VERBOSE"))
		fprintf(stderr, "validate: %d %s\n", rc, rc ? res.reason : "ok");
	if (rc == 0 && exact && data_exact) {
		/* What the runtime does with an accepted header's compact forms
		 * (ASan watches the bounds): value, loaders, signatures. */
		uint8_t *v = take(&pl, blob.data_sz);

		tinyskel_data_read(&blob, 0, blob.data_sz, v);
		for (i = 0; i < blob.nr_sigs; i++) {
			const struct tinyskel_signature *s = &blob.sigs[i];
			int e;

			if (!s->insns) {
				e = tinyskel_insns_rebuild(&blob, s, take(&pl, s->insns_sz));
				FUZZ_ASSERT(e == 0 || e == -EINVAL, "rebuild returned %d", e);
			}
			tinyskel_sig_read(&blob, s, take(&pl, s->sig_sz));
		}
	}
	if (rc == 0) {
		FUZZ_ASSERT(info.blob && info.ctx_sz <= info.skel_sz, "bad layout accepted");
		for (i = 0; i < info.nr_progs; i++)
			FUZZ_ASSERT(fn_matches(&info.progs[i]), "program %u: attach kind %u accepted with another "
				    "kind's function or without its target", (unsigned)i, info.progs[i].attach);
		if (known_findings(&info) && !strict) {
			/* Reported in docs/fuzz.md; tinyskel_init() would make a
			 * misaligned store that UBSan stops at. */
		} else if (data_exact && info.skel_sz <= (1u << 20)) {
			void *skel = take(&pl, info.skel_sz);

			tinyskel_init(&info, skel);
		}
	}
	(void)exact;
	for (i = 0; i < pl.n; i++)
		free(pl.p[i]);
	free(pl.p);
	FUZZ_ASSERT(tinyskel_validate(NULL, NULL) == -EINVAL, "NULL description accepted");
	return 0;
}
