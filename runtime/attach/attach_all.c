/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* attach_all.c - attach every program that has an attach kind (all of
 * them, or bpftool 7.1's kinds with TINYSKEL_ATTACH_BPFTOOL). */
#include <errno.h>

#include "../internal.h"

int tinyskel_attach_as(const struct tinyskel_skel_info *info, void *skel, uint32_t flags,
		       struct tinyskel_result *res)
{
	uint32_t i;
	int fd;

	for (i = 0; info && i < info->nr_progs; i++) {
		fd = tinyskel_attach_prog_as(info, skel, i, flags, res);
		if (fd < 0)
			return fd;
	}
	return 0;
}

int tinyskel_attach(const struct tinyskel_skel_info *info, void *skel)
{
	return tinyskel_attach_as(info, skel, 0, NULL);
}
