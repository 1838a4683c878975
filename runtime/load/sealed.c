/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * sealed.c - a signed load runs what was signed.
 *
 * The loader takes each map's max_entries and initial value from the
 * skeleton struct when the app set them (bpf_copy_from_user), so without
 * this an app could load signed instructions with .rodata values or map
 * sizes nobody signed.  Upstream libbpf ignores those inputs for signed
 * loaders, silently; here an app that changed them is refused, naming the
 * map, so it learns to pass run-time settings in .data/.bss or a map.
 * Writable .data/.bss stay the app's: it can write them after load anyway.
 *
 * What this checks is the loader context as it will run: tinyskel_load()'s
 * private copy (`ctx`), never the caller's skeleton, which another thread
 * or a signal handler could change between this check and BPF_PROG_RUN.
 * The signed loader itself is sealed (skelgen/gen/loader.h): whatever a
 * context says, .rodata and max_entries come from the signed metadata; this
 * check is there to tell the app, by name, that its change would be ignored.
 */
#include <errno.h>

#include "../internal.h"

/* Read-only globals are signed; with CONFIG_SEALED_GLOBALS all globals are. */
static int is_sealed(const struct tinyskel_map_info *m)
{
#ifdef CONFIG_SEALED_GLOBALS
	return !!(m->flags & TINYSKEL_MAP_GLOBAL);
#else
	return !!(m->flags & TINYSKEL_MAP_READONLY);
#endif
}

/* The storage tinyskel_init filled still holds the signed bytes. */
static int storage_is_signed(const struct tinyskel_skel_info *info, const struct tinyskel_map_info *m,
			     const void *skel)
{
	const uint8_t *now = TSK_AT(skel, m->init_off, const uint8_t);
	uint8_t signed_bytes[64];
	uint32_t i, n;

	/* In pieces: the blob stores the value without its zero runs. */
	for (i = 0; m->init_blob_off != TINYSKEL_NO_OFF && i < m->value_size; i += n) {
		n = m->value_size - i < sizeof(signed_bytes) ? m->value_size - i : (uint32_t)sizeof(signed_bytes);
		tinyskel_data_read(info->blob, m->init_blob_off + i, n, signed_bytes);
		if (memcmp(now + i, signed_bytes, n))
			return 0;
	}
	if (m->init_blob_off != TINYSKEL_NO_OFF)
		return 1;
	for (i = 0; i < m->value_size; i++)
		if (now[i])
			return 0;
	return 1;
}

static int refuse(struct tinyskel_result *res, const struct tinyskel_map_info *m, const char *why)
{
	res->name = m->name;
	return tsk_fail(res, TINYSKEL_STEP_VALIDATE, -EPERM, why);
}

int tsk_sealed_check(const struct tinyskel_skel_info *info, const void *skel, void *ctx,
		     struct tinyskel_result *res)
{
	uint32_t i;

	for (i = 0; i < info->nr_maps; i++) {
		const struct tinyskel_map_info *m = &info->maps[i];
		struct tinyskel_map_desc *d = TSK_AT(ctx, m->desc_off, struct tinyskel_map_desc);
		uint64_t storage = m->init_off == TINYSKEL_NO_OFF ? 0 : TSK_PTR(TSK_AT(skel, m->init_off, void));

		if (d->max_entries)
			return refuse(res, m, TSK_WHY("signed load: max_entries changed (map in result.name)"));
		if (!is_sealed(m)) {
			/* .data/.bss: the app's values, but from its own storage only */
			if (d->initial_value && d->initial_value != storage)
				return refuse(res, m, TSK_WHY("signed load: initial_value outside the skeleton (map in result.name)"));
			continue;
		}
		if ((d->initial_value && d->initial_value != storage) ||
		    (m->init_off != TINYSKEL_NO_OFF && !storage_is_signed(info, m, skel)))
			return refuse(res, m, TSK_WHY("signed load: .rodata changed (map in result.name); use .data/.bss or a map"));
		/* The sealed loader ignores this anyway (skelgen/gen/loader.h);
		 * the context the loader gets names no user copy for it. */
		d->initial_value = 0;
	}
	return 0;
}
