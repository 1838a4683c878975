/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* attach_xdp.c - XDP on an interface through a BPF link (5.9+): the
 * program goes away with the link fd, unlike netlink-attached XDP. */
#include <errno.h>

#include "../internal.h"

int tinyskel_link_xdp(int prog_fd, int ifindex, uint32_t flags)
{
	struct tsk_attr_link_create attr;

	if (prog_fd <= 0 || ifindex <= 0)
		return -EINVAL;
	memset(&attr, 0, sizeof(attr));
	attr.prog_fd = (uint32_t)prog_fd;
	attr.target_fd = (uint32_t)ifindex; /* target_ifindex */
	attr.attach_type = TSK_BPF_XDP;
	attr.flags = flags;
	return (int)tsk_sys_bpf(TSK_BPF_LINK_CREATE, &attr, offsetof(struct tsk_attr_link_create, iter_info));
}

int tinyskel_attach_xdp(const struct tinyskel_skel_info *info, void *skel, uint32_t idx, int ifindex,
			uint32_t flags, struct tinyskel_result *res)
{
	int prog_fd = tsk_slot_prog(info, skel, idx, res), link;

	if (prog_fd < 0)
		return prog_fd;
	link = tinyskel_link_xdp(prog_fd, ifindex, flags);
	return tsk_slot_attach(info, skel, idx, link, res,
			       link == -EBUSY ? "xdp attach: the interface already has an XDP program"
			       : link == -EOPNOTSUPP ? "xdp attach: driver lacks this XDP mode"
			       : link == -ENODEV ? "xdp attach: no such interface"
						 : "xdp attach: BPF_LINK_CREATE refused (program type, flags, kernel < 5.9?)");
}
