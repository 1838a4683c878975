/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* destroy.c - links, mappings and fds of a skeleton, all released. */
#include "../internal.h"

void tinyskel_destroy(const struct tinyskel_skel_info *info, void *skel)
{
	uint32_t i;

	if (!skel)
		return;
	tinyskel_detach(info, skel);
	tsk_globals_unmap(info, skel);
	for (i = 0; i < info->nr_progs; i++)
		tsk_close_fd(&TSK_AT(skel, info->progs[i].desc_off, struct tinyskel_prog_desc)->prog_fd);
	for (i = 0; i < info->nr_maps; i++)
		tsk_close_fd(&TSK_AT(skel, info->maps[i].desc_off, struct tinyskel_map_desc)->map_fd);
}
