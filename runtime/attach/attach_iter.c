/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* attach_iter.c - iter/ programs: a BPF_TRACE_ITER link. */
#include <errno.h>

#include "../internal.h"

int tinyskel_attach_iter(const struct tinyskel_prog_info *p, int prog_fd)
{
	struct tsk_attr_link_create attr;
	int err = tsk_attach_kind_ok(p, TSK_KIND(TINYSKEL_ATTACH_ITER), 0);

	if (err || prog_fd == TINYSKEL_ATTACH_CHECK)
		return err;
	memset(&attr, 0, sizeof(attr));
	attr.prog_fd = (uint32_t)prog_fd;
	attr.attach_type = TSK_BPF_TRACE_ITER;
	return (int)tsk_sys_bpf(TSK_BPF_LINK_CREATE, &attr, sizeof(attr));
}
