/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* raw_tp_open.c - BPF_RAW_TRACEPOINT_OPEN: raw tracepoints, and tracing/LSM programs (name NULL). */
#include <errno.h>

#include "../internal.h"

int tsk_raw_tp_open(const char *name, int prog_fd)
{
	struct tsk_attr_raw_tp attr;

	memset(&attr, 0, sizeof(attr));
	attr.name = TSK_PTR(name);
	attr.prog_fd = (uint32_t)prog_fd;
	return (int)tsk_sys_bpf(TSK_BPF_RAW_TRACEPOINT_OPEN, &attr, sizeof(attr));
}
