/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* detach.c - close every link of a skeleton. */
#include "../internal.h"

void tinyskel_detach(const struct tinyskel_skel_info *info, void *skel)
{
	uint32_t i;

	for (i = 0; i < info->nr_progs; i++)
		tsk_close_fd(TSK_AT(skel, info->progs[i].link_off, int));
}
