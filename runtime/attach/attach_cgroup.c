/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * attach_cgroup.c - cgroup programs through BPF links (5.7+), with the
 * attach type taken from the program's section name, as libbpf does.
 */
#include <errno.h>

#include "../internal.h"

/* libbpf's section names for cgroup programs -> enum bpf_attach_type. */
static const struct { const char *sec; uint8_t type; } cgroup_secs[] = {
	{ "cgroup_skb/ingress", 0 }, { "cgroup_skb/egress", 1 }, { "cgroup/sock_create", 2 },
	{ "cgroup/sock", 2 }, { "sockops", 3 }, { "cgroup/dev", 6 }, { "cgroup/bind4", 8 },
	{ "cgroup/bind6", 9 }, { "cgroup/connect4", 10 }, { "cgroup/connect6", 11 },
	{ "cgroup/post_bind4", 12 }, { "cgroup/post_bind6", 13 }, { "cgroup/sendmsg4", 14 },
	{ "cgroup/sendmsg6", 15 }, { "cgroup/sysctl", 18 }, { "cgroup/recvmsg4", 19 },
	{ "cgroup/recvmsg6", 20 }, { "cgroup/getsockopt", 21 }, { "cgroup/setsockopt", 22 },
	{ "cgroup/getpeername4", 29 }, { "cgroup/getpeername6", 30 }, { "cgroup/getsockname4", 31 },
	{ "cgroup/getsockname6", 32 }, { "cgroup/sock_release", 34 }, { "cgroup/connect_unix", 49 },
	{ "cgroup/sendmsg_unix", 50 }, { "cgroup/recvmsg_unix", 51 }, { "cgroup/getpeername_unix", 52 },
	{ "cgroup/getsockname_unix", 53 },
};

int tinyskel_cgroup_attach_type(const char *section)
{
	size_t i;

	for (i = 0; section && i < sizeof(cgroup_secs) / sizeof(cgroup_secs[0]); i++)
		if (!strcmp(section, cgroup_secs[i].sec))
			return cgroup_secs[i].type;
	return -EINVAL;
}

int tinyskel_link_cgroup(int prog_fd, int cgroup_fd, uint32_t attach_type)
{
	struct tsk_attr_link_create attr;

	if (prog_fd <= 0 || cgroup_fd < 0)
		return -EINVAL;
	memset(&attr, 0, sizeof(attr));
	attr.prog_fd = (uint32_t)prog_fd;
	attr.target_fd = (uint32_t)cgroup_fd;
	attr.attach_type = attach_type;
	return (int)tsk_sys_bpf(TSK_BPF_LINK_CREATE, &attr, offsetof(struct tsk_attr_link_create, iter_info));
}

int tinyskel_attach_cgroup(const struct tinyskel_skel_info *info, void *skel, uint32_t idx, int cgroup_fd,
			   const char *section, struct tinyskel_result *res)
{
	int type = tinyskel_cgroup_attach_type(section), prog_fd, link;

	if (type < 0)
		return tsk_op_fail(res, TINYSKEL_STEP_ATTACH, type, "cgroup attach: not a cgroup section name");
	prog_fd = tsk_slot_prog(info, skel, idx, res);
	if (prog_fd < 0)
		return prog_fd;
	link = tinyskel_link_cgroup(prog_fd, cgroup_fd, (uint32_t)type);
	return tsk_slot_attach(info, skel, idx, link, res,
			       link == -EBADF ? "cgroup attach: not a cgroup fd"
					      : "cgroup attach: BPF_LINK_CREATE refused (section does not match the program, kernel < 5.7?)");
}
