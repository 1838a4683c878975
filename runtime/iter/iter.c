/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * iter.c - read an iterator (iter/ program): BPF_ITER_CREATE on the
 * program's link gives an fd whose read() runs the program over the
 * kernel objects and returns what it printed (bpf_seq_printf); each fd is
 * one pass.  The link is the skeleton's: attached here if NAME__attach()
 * left it out (bpftool's __attach() does not attach iterators).
 */
#include <errno.h>

#include "../internal.h"

struct tsk_attr_iter_create {
	uint32_t link_fd;
	uint32_t flags;
};

int tinyskel_iter_open(const struct tinyskel_skel_info *info, void *skel, uint32_t idx,
		       struct tinyskel_result *res)
{
	struct tsk_attr_iter_create attr;
	int link;
	long fd;

	if (!info || !skel || idx >= info->nr_progs || info->progs[idx].attach != TINYSKEL_ATTACH_ITER)
		return tsk_op_fail(res, TINYSKEL_STEP_ATTACH, -EINVAL, "iter open: not an iter/ program");
	link = tinyskel_attach_prog_as(info, skel, idx, 0, res);
	if (link < 0)
		return link;
	memset(&attr, 0, sizeof(attr));
	attr.link_fd = (uint32_t)link;
	fd = tsk_fd_good(tsk_sys_bpf(TSK_BPF_ITER_CREATE, &attr, sizeof(attr)));
	if (fd < 0)
		return tsk_op_fail(res, TINYSKEL_STEP_ATTACH, (int)fd, "iter open: BPF_ITER_CREATE refused");
	return (int)fd;
}

long tinyskel_iter_read(int iter_fd, void *buf, size_t len)
{
	if (iter_fd < 0 || !buf || !len)
		return -EINVAL;
	return tsk_sys_read(iter_fd, buf, len);
}
