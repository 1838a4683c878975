/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* sys/bpf.c - the bpf() syscall (see runtime/sys.h; tests replace all of runtime/sys/). */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../sys.h"

#ifndef __NR_bpf
#error "__NR_bpf unknown for this architecture"
#endif

long tsk_sys_bpf(int cmd, void *attr, unsigned int size)
{
	long r = syscall(__NR_bpf, cmd, attr, size);

	return r < 0 ? -errno : r;
}
