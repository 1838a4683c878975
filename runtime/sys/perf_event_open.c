/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* sys/perf_event_open.c - perf_event_open() (see runtime/sys.h; tests replace all of runtime/sys/). */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../sys.h"

int tsk_sys_perf_event_open(void *attr, int pid, int cpu, int group_fd, unsigned long flags)
{
	long r = syscall(__NR_perf_event_open, attr, pid, cpu, group_fd, flags);

	return r < 0 ? -errno : (int)r;
}
