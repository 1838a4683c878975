/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* attach_all.c - attach every program that has an attach kind. */
#include <errno.h>

#include "../internal.h"

int tinyskel_attach(const struct tinyskel_skel_info *info, void *skel)
{
	uint32_t i;
	int fd;

	for (i = 0; info && i < info->nr_progs; i++) {
		fd = tinyskel_attach_prog(info, skel, i);
		if (fd < 0)
			return fd;
	}
	return 0;
}
