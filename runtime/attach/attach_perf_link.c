/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* attach_perf_link.c - see tsk_perf_link in internal.h. */
#include <errno.h>

#include "../internal.h"

int tsk_perf_link(int pfd, int prog_fd)
{
	struct tsk_attr_link_create attr;
	int link, err;

	if (pfd < 0)
		return pfd;
	memset(&attr, 0, sizeof(attr));
	attr.prog_fd = (uint32_t)prog_fd;
	attr.target_fd = (uint32_t)pfd;
	attr.attach_type = TSK_BPF_PERF_EVENT;
	link = (int)tsk_sys_bpf(TSK_BPF_LINK_CREATE, &attr, offsetof(struct tsk_attr_link_create, iter_info));
	if (link >= 0 || (link != -EINVAL && link != -EOPNOTSUPP)) {
		tsk_sys_close(pfd); /* the link holds the event, or we failed */
		return link;
	}
	/* Kernels before 5.15: the perf event fd is the attachment. */
	err = tsk_sys_ioctl(pfd, TSK_PERF_EVENT_IOC_SET_BPF, (unsigned long)prog_fd);
	if (!err)
		err = tsk_sys_ioctl(pfd, TSK_PERF_EVENT_IOC_ENABLE, 0);
	if (err) {
		tsk_sys_close(pfd);
		return err;
	}
	return pfd;
}
