/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* attach_tcx.c - tc ingress/egress through tcx links (6.6+): no qdisc,
 * no netlink, and the program leaves with the link fd. */
#include <errno.h>

#include "../internal.h"

/* "6.5.0-..." -> 605; 0 when unreadable. */
static int kernel_version(void)
{
	char buf[64];
	int major = 0, minor = 0;
	const char *s = buf;

	if (tsk_sys_read_file("/proc/sys/kernel/osrelease", buf, sizeof(buf)) < 0)
		return 0;
	for (; *s >= '0' && *s <= '9'; s++)
		major = major * 10 + (*s - '0');
	if (*s++ != '.')
		return 0;
	for (; *s >= '0' && *s <= '9'; s++)
		minor = minor * 10 + (*s - '0');
	return major * 100 + minor;
}

int tinyskel_link_tcx(int prog_fd, int ifindex, int egress)
{
	struct tsk_attr_link_create_tcx attr;
	int link, v;

	if (prog_fd <= 0 || ifindex <= 0)
		return -EINVAL;
	memset(&attr, 0, sizeof(attr));
	attr.prog_fd = (uint32_t)prog_fd;
	attr.target_ifindex = (uint32_t)ifindex;
	attr.attach_type = egress ? TSK_BPF_TCX_EGRESS : TSK_BPF_TCX_INGRESS;
	link = (int)tsk_sys_bpf(TSK_BPF_LINK_CREATE, &attr, sizeof(attr));
	/* Before 6.6 the attach type is unknown and the kernel says EINVAL,
	 * which would read as "bad program"; tell the caller what it is. */
	if (link == -EINVAL && (v = kernel_version()) > 0 && v < 606)
		return -EOPNOTSUPP;
	return link;
}

int tinyskel_attach_tcx(const struct tinyskel_skel_info *info, void *skel, uint32_t idx, int ifindex,
			int egress, struct tinyskel_result *res)
{
	int prog_fd = tsk_slot_prog(info, skel, idx, res), link;

	if (prog_fd < 0)
		return prog_fd;
	link = tinyskel_link_tcx(prog_fd, ifindex, egress);
	return tsk_slot_attach(info, skel, idx, link, res,
			       link == -EOPNOTSUPP ? "tcx attach: needs Linux 6.6 or later (use tc/netlink there)"
			       : link == -ENODEV ? "tcx attach: no such interface"
						 : "tcx attach: BPF_LINK_CREATE refused (needs a SEC(\"tcx/...\") or tc program)");
}
