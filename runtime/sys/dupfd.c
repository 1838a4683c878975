/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* sys/dupfd.c - fcntl(F_DUPFD_CLOEXEC) (see runtime/sys.h; tests replace all of runtime/sys/).
 * Through syscall(), which the bpf() wrapper links anyway: musl's fcntl()
 * carries every command's special case (423 B of a static binary, measured
 * by bench/overhead_parts.sh) for this one, which every kernel since
 * 2.6.24 has. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../sys.h"

int tsk_sys_dupfd(int fd, int min)
{
	long r = syscall(SYS_fcntl, fd, F_DUPFD_CLOEXEC, min);

	return r < 0 ? -errno : (int)r;
}
