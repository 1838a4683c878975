/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* globals_unmap.c - put skel->bss/data/rodata back on the skeleton's own storage. */
#include <errno.h>

#include "../internal.h"

void tsk_globals_unmap(const struct tinyskel_skel_info *info, void *skel)
{
	size_t page = tsk_sys_pagesize();
	uint32_t i;

	for (i = 0; i < info->nr_maps; i++) {
		const struct tinyskel_map_info *m = &info->maps[i];

		if (!(m->flags & TINYSKEL_MAP_GLOBAL) || !tsk_is_mapped(m, skel))
			continue;
		tsk_sys_munmap(*tsk_global_ptr(m, skel), tsk_map_len(m->value_size, page));
		*tsk_global_ptr(m, skel) = m->init_off == TINYSKEL_NO_OFF ? NULL : TSK_AT(skel, m->init_off, void);
	}
}
