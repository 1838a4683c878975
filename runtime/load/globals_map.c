/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * globals_map.c - skel->bss, skel->data, skel->rodata.
 *
 * Before load they point at storage inside the skeleton struct (filled from
 * the object's initial values by tinyskel_init), which the loader copies
 * into the maps.  After load they point at the maps themselves, mapped with
 * the device's page size: nothing here depends on the build host's.
 */
#include <errno.h>

#include "../internal.h"

int tsk_globals_map(const struct tinyskel_skel_info *info, void *skel, struct tinyskel_result *res)
{
	size_t page = tsk_sys_pagesize();
	uint32_t i;
	int err = 0;

	for (i = 0; i < info->nr_maps; i++) {
		const struct tinyskel_map_info *m = &info->maps[i];
		struct tinyskel_map_desc *d = TSK_AT(skel, m->desc_off, struct tinyskel_map_desc);
		void *p;

		if (!(m->flags & TINYSKEL_MAP_GLOBAL) || m->ptr_off == TINYSKEL_NO_OFF)
			continue;
		if (d->map_fd <= 0) {
			err = -EBADF;
			break;
		}
		p = tsk_sys_mmap(tsk_map_len(m->value_size, page), !(m->flags & TINYSKEL_MAP_READONLY),
				 d->map_fd, &err);
		if (!p)
			break;
		*tsk_global_ptr(m, skel) = p;
	}
	if (i == info->nr_maps)
		return 0;
	/* Leave nothing behind: the caller sees a skeleton with no fd. */
	tinyskel_destroy(info, skel);
	return tsk_fail(res, TINYSKEL_STEP_MMAP, err, tsk_reason(TINYSKEL_STEP_MMAP, 0, err));
}
