/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* init.c - NAME__open(): a zeroed skeleton with the object's initial global values. */
#include <errno.h>

#include "../internal.h"

int tinyskel_init(const struct tinyskel_skel_info *info, void *skel)
{
	struct tinyskel_loader_ctx *ctx = (struct tinyskel_loader_ctx *)skel;
	uint32_t i;

	/* Every offset written below must be known good first. */
	if (!skel || tinyskel_validate(info, NULL))
		return -EINVAL;
	memset(skel, 0, info->skel_sz);
	ctx->sz = info->ctx_sz;
	/* bpftool -S apps may change it between __open() and __load(). */
	if (info->keyring_off)
		*TSK_AT(skel, info->keyring_off, int32_t) = TSK_DEFAULT_KEYRING;
	for (i = 0; i < info->nr_maps; i++) {
		const struct tinyskel_map_info *m = &info->maps[i];
		void *init;

		if ((m->flags & TINYSKEL_MAP_BLOB_VIEW) && m->ptr_off != TINYSKEL_NO_OFF) {
			/* validated: stored as it is (no zero run inside) */
			*TSK_AT(skel, m->ptr_off, const void *) =
				tinyskel_data_at(info->blob, m->init_blob_off, m->value_size);
			continue;
		}
		if (!(m->flags & TINYSKEL_MAP_GLOBAL) || m->init_off == TINYSKEL_NO_OFF)
			continue;
		init = TSK_AT(skel, m->init_off, void);
		if (m->init_blob_off != TINYSKEL_NO_OFF)
			tinyskel_data_read(info->blob, m->init_blob_off, m->value_size, init);
		if (m->ptr_off != TINYSKEL_NO_OFF)
			*TSK_AT(skel, m->ptr_off, void *) = init;
#ifndef CONFIG_SEALED_GLOBALS
		/* The loader copies the value from here (bpf_copy_from_user);
		 * with sealed globals it keeps the signed blob's copy. */
		TSK_AT(skel, m->desc_off, struct tinyskel_map_desc)->initial_value = TSK_PTR(init);
#endif
	}
	return 0;
}
