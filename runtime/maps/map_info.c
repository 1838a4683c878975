/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* map_info.c - see tsk_map_info in internal.h. */
#include "../internal.h"

long tsk_map_info(int map_fd, struct tsk_bpf_map_info *mi)
{
	struct tsk_attr_info attr;

	memset(mi, 0, sizeof(*mi));
	memset(&attr, 0, sizeof(attr));
	attr.bpf_fd = (uint32_t)map_fd;
	attr.info_len = offsetof(struct tsk_bpf_map_info, map_extra);
	attr.info = TSK_PTR(mi);
	return tsk_sys_bpf(TSK_BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr));
}
