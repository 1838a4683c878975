/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * validate.c - refuse a corrupted or foreign header before any syscall.
 *
 * The loader program writes fds at fixed offsets of the skeleton struct and
 * the runtime copies and maps by the offsets the header gives, so every
 * size and offset is checked against the struct and the blob first.
 */
#include <errno.h>

#include "../internal.h"

#define MAX_INSNS_BYTES (1000000u * 8) /* the verifier's BPF_COMPLEXITY_LIMIT_INSNS */
#define MAX_SIG_BYTES 65536u
#define MAX_DATA_BYTES (256u << 20)

static int within(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

#define TINYSKEL_BLOB_ORDER (TINYSKEL_BLOB_LITTLE_ENDIAN | TINYSKEL_BLOB_BIG_ENDIAN)

static int host_little_endian(void)
{
	const uint16_t one = 1;

	return *(const uint8_t *)&one == 1;
}

static const char *check_insns(const uint8_t *insns, uint32_t sz, const uint8_t *sha)
{
	if (!insns || !sha || sz == 0 || sz % 8 || sz > MAX_INSNS_BYTES)
		return TSK_WHY("header's loader instructions are missing or of a bad size");
	return NULL;
}

/* The value's zero runs: ascending, apart, inside data_sz, non-empty. */
static const char *check_zeros(const struct tinyskel_blob *b)
{
	uint64_t end = 0;
	uint32_t i;

	if (b->nr_zeros > b->data_sz / 8 || (b->nr_zeros && !b->zeros))
		return TSK_WHY("header's list of zero runs in the metadata is corrupt");
	for (i = 0; i < b->nr_zeros; i++) {
		uint64_t off = b->zeros[2 * i], len = b->zeros[2 * i + 1];

		if (len == 0 || off < end || off + len > b->data_sz)
			return TSK_WHY("header's list of zero runs in the metadata is corrupt");
		end = off + len;
	}
	return NULL;
}

/* Signed instructions built from the common loader: positions and sizes
 * only, by the rebuild's own rule (the rebuild checks jumps when it runs,
 * the kernel checks the bytes against the signature).  Edits ascend, so
 * there are at most one per common instruction plus one at the end. */
static const char *check_edits(const struct tinyskel_blob *b, const struct tinyskel_signature *s)
{
	if (s->nr_edits > b->insns_sz / 8 + 1 || (s->nr_edits && !s->edits) || s->insns || !s->insns_sha256 ||
	    s->insns_sz == 0 || s->insns_sz % 8 || s->insns_sz > MAX_INSNS_BYTES || tinyskel_insns_rebuild(b, s, NULL))
		return TSK_WHY("header's signature edits are corrupt");
	return NULL;
}

static const char *check_blob(const struct tinyskel_blob *b, uint32_t nr_maps)
{
	uint32_t i, j;
	const char *why;

	if (!b || b->magic != TINYSKEL_BLOB_MAGIC)
		return TSK_WHY("not a tinyskel header (bad magic)");
	if (b->version != TINYSKEL_BLOB_VERSION)
		return TSK_WHY("header made for another tinyskel blob version");
	if ((b->flags & TINYSKEL_BLOB_ORDER) != TINYSKEL_BLOB_LITTLE_ENDIAN &&
	    (b->flags & TINYSKEL_BLOB_ORDER) != TINYSKEL_BLOB_BIG_ENDIAN)
		return TSK_WHY("header names no byte order (or both)");
	if ((b->flags & TINYSKEL_BLOB_LITTLE_ENDIAN) && !host_little_endian())
		return TSK_WHY("header is little-endian (bpfel), this device is big-endian: regenerate from a -target bpfeb object");
	if ((b->flags & TINYSKEL_BLOB_BIG_ENDIAN) && host_little_endian())
		return TSK_WHY("header is big-endian (bpfeb), this device is little-endian: regenerate from a -target bpfel object");
	if ((why = check_insns(b->insns, b->insns_sz, b->insns_sha256)))
		return why;
	if (!b->data || !b->data_sha256 || b->data_sz == 0 || b->data_sz % 8 || b->data_sz > MAX_DATA_BYTES)
		return TSK_WHY("header's metadata blob is missing or of a bad size");
	if ((why = check_zeros(b)))
		return why;
	if (b->nr_sigs > 8 || (b->nr_sigs && !b->sigs))
		return TSK_WHY("header's signature list is corrupt");
	for (i = 0; i < b->nr_sigs; i++) {
		const struct tinyskel_signature *s = &b->sigs[i];

		if (s->scheme == TINYSKEL_SCHEME_NONE || s->scheme >= TINYSKEL_SCHEME__COUNT)
			return TSK_WHY("header carries a signature for an unknown scheme");
		if (!s->sig || s->sig_sz == 0 || s->sig_sz > MAX_SIG_BYTES)
			return TSK_WHY("header carries a signature of a bad size");
		/* The first signature is stored whole; the others may take
		 * their first bytes from it (tinyskel_sig_read). */
		if (s->sig_shared && (i == 0 || s->sig_shared >= s->sig_sz || s->sig_shared > b->sigs[0].sig_sz))
			return TSK_WHY("header's signature shares bytes it cannot");
		if (s->insns && (why = check_insns(s->insns, s->insns_sz, s->insns_sha256)))
			return why;
		/* Only the in-loader scheme has variants (one per bpf_map
		 * layout) and a generated check. */
		if (s->flags & ~(uint32_t)(TINYSKEL_SIG_INLOADER_NO_EXCL | TINYSKEL_SIG_HASH_CHECK) ||
		    (s->flags && s->scheme != TINYSKEL_SCHEME_INLOADER))
			return TSK_WHY("header's signature entry has unknown flags");
		if ((s->nr_edits || (s->flags & TINYSKEL_SIG_HASH_CHECK)) && (why = check_edits(b, s)))
			return why;
		/* Every signature covers its own, sealed loader (the loader
		 * contract, skelgen/gen/loader.h): one that takes .rodata and
		 * max_entries from the signed metadata whatever its context says
		 * (the in-loader variants also check the map hash).  The common
		 * loader obeys its context: it is for unsigned loads only.  Its
		 * own instructions: in full or as edits of the common loader
		 * (rebuild.c), exactly one of the two.  By hash, not bytes:
		 * validation trusts sizes, never reads code, and the kernel binds
		 * the map to the real bytes' hash.
		 * A loader with no maps reads nothing from its context, so its
		 * sealed form has the common loader's bytes (an in-loader variant
		 * never does: it adds the check). */
		if (!s->insns && !s->nr_edits && !(s->flags & TINYSKEL_SIG_HASH_CHECK))
			return TSK_WHY("header's signature lacks its own sealed loader (made by an older skelgen: regenerate it)");
		if (s->insns && (s->nr_edits || s->edits || (s->flags & TINYSKEL_SIG_HASH_CHECK)))
			return TSK_WHY("header's signature entry is inconsistent");
		if (s->insns == b->insns ||
		    ((nr_maps || s->scheme == TINYSKEL_SCHEME_INLOADER) && !memcmp(s->insns_sha256, b->insns_sha256, 32)))
			return TSK_WHY("header's signed loader is the common (unsealed) loader");
		for (j = 0; j < i; j++)
			if (b->sigs[j].scheme == s->scheme &&
			    ((b->sigs[j].flags ^ s->flags) & TINYSKEL_SIG_INLOADER_NO_EXCL) == 0)
				return TSK_WHY("header carries two signatures for one scheme");
	}
	return NULL;
}

/* Layout of the skeleton struct skelgen emits, checked exactly so no two
 * slots the runtime writes can overlap or sit misaligned:
 *   ctx | map descs | prog descs | links (int each) | [keyring_id] |
 *   global-data pointers, in map order | ... | initial-value storage, in map
 *   order, each at a multiple of TINYSKEL_STORAGE_ALIGN (skelgen emits the
 *   same constant, so the two sides cannot drift). */
static const char *check_layout(const struct tinyskel_skel_info *info)
{
	const uint32_t maps_off = sizeof(struct tinyskel_loader_ctx);
	const uint32_t progs_off = maps_off + info->nr_maps * (uint32_t)sizeof(struct tinyskel_map_desc);
	uint32_t i, next;

	if (info->nr_maps > 4096 || info->nr_progs > 4096 || (info->nr_maps && !info->maps) ||
	    (info->nr_progs && !info->progs))
		return TSK_WHY("skeleton description is corrupt (map/program tables)");
	/* The loader addresses the struct as ctx, map descs, prog descs. */
	if (info->ctx_sz != progs_off + info->nr_progs * sizeof(struct tinyskel_prog_desc) ||
	    !within(info->ctx_sz, info->nr_progs * sizeof(int), info->skel_sz))
		return TSK_WHY("skeleton layout does not match the loader's context");
	for (i = 0; i < info->nr_progs; i++) {
		const struct tinyskel_prog_info *p = &info->progs[i];

		if (p->desc_off != progs_off + i * sizeof(struct tinyskel_prog_desc))
			return TSK_WHY("skeleton program descriptor out of place");
		if (p->link_off != info->ctx_sz + i * sizeof(int))
			return TSK_WHY("skeleton link slot out of place");
		if (p->attach >= TINYSKEL_ATTACH__COUNT || !p->attach_fn != (p->attach == TINYSKEL_ATTACH_NONE) ||
		    (p->attach >= TINYSKEL_ATTACH_TRACEPOINT && !p->target) ||
		    (p->attach == TINYSKEL_ATTACH_RAW_TP && !p->target))
			return TSK_WHY("skeleton attach description is corrupt");
		/* Asked of the header's own function: comparing with ours would
		 * link every attach kind into every binary. */
		if (p->attach_fn && p->attach_fn(p, TINYSKEL_ATTACH_CHECK))
			return TSK_WHY("skeleton attach kind does not match its function");
	}
	next = info->ctx_sz + info->nr_progs * (uint32_t)sizeof(int);
	if (info->keyring_off) {
		/* bpftool -S's place: the int32_t right after the links. */
		if (info->keyring_off != next || !within(next, sizeof(int32_t), info->skel_sz))
			return TSK_WHY("skeleton keyring_id out of place");
		next += (uint32_t)sizeof(int32_t);
	}
	for (i = 0; i < info->nr_maps; i++) {
		const struct tinyskel_map_info *m = &info->maps[i];

		if (m->desc_off != maps_off + i * sizeof(struct tinyskel_map_desc))
			return TSK_WHY("skeleton map descriptor out of place");
		if (m->init_blob_off != TINYSKEL_NO_OFF &&
		    !within(m->init_blob_off, m->value_size, info->blob->data_sz))
			return TSK_WHY("skeleton initial value outside the blob");
		if ((m->flags & TINYSKEL_MAP_BLOB_VIEW) &&
		    ((m->flags & TINYSKEL_MAP_GLOBAL) || m->init_blob_off == TINYSKEL_NO_OFF || m->init_off != TINYSKEL_NO_OFF))
			return TSK_WHY("skeleton read-only view has no copy in the blob");
		if ((m->flags & TINYSKEL_MAP_BLOB_VIEW) && !tinyskel_data_at(info->blob, m->init_blob_off, m->value_size))
			return TSK_WHY("skeleton read-only view has no copy in the blob");
		if (m->ptr_off == TINYSKEL_NO_OFF)
			continue;
		if (m->ptr_off < next || m->ptr_off % sizeof(void *) ||
		    !within(m->ptr_off, sizeof(void *), info->skel_sz))
			return TSK_WHY("skeleton global-data pointer out of place");
		next = m->ptr_off + (uint32_t)sizeof(void *);
	}
	for (i = 0; i < info->nr_maps; i++) {
		const struct tinyskel_map_info *m = &info->maps[i];

		if (m->init_off == TINYSKEL_NO_OFF)
			continue;
		if (m->init_off < next || m->init_off % TINYSKEL_STORAGE_ALIGN || !within(m->init_off, m->value_size, info->skel_sz))
			return TSK_WHY("skeleton global-data storage out of place");
		next = m->init_off + m->value_size;
	}
	return NULL;
}

int tinyskel_validate(const struct tinyskel_skel_info *info, struct tinyskel_result *res)
{
	const char *why = TSK_WHY("no skeleton description");
	struct tinyskel_result local;

	if (!res)
		res = &local;
	if (info && !(why = check_blob(info->blob, info->nr_maps)))
		why = check_layout(info);
	if (!why)
		return 0;
	return tsk_fail(res, TINYSKEL_STEP_VALIDATE, -EINVAL, why);
}
