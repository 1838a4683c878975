/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * sys.c - every syscall the runtime makes, converted to -errno once, here.
 * Tests replace this file as a whole (see sys.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sys.h"

#ifndef __NR_bpf
#error "__NR_bpf unknown for this architecture"
#endif

static long ret_errno(long r)
{
	return r < 0 ? -errno : r;
}

long tsk_sys_bpf(int cmd, void *attr, unsigned int size)
{
	return ret_errno(syscall(__NR_bpf, cmd, attr, size));
}

int tsk_sys_close(int fd)
{
	return (int)ret_errno(close(fd));
}

void *tsk_sys_mmap(size_t len, int writable, int fd, int *err)
{
	void *p = mmap(NULL, len, PROT_READ | (writable ? PROT_WRITE : 0), MAP_SHARED, fd, 0);

	if (p == MAP_FAILED) {
		*err = -errno;
		return NULL;
	}
	return p;
}

int tsk_sys_munmap(void *addr, size_t len)
{
	return (int)ret_errno(munmap(addr, len));
}

/* The device's page size, from the auxiliary vector: cheaper than
 * sysconf() (which drags a table into static musl binaries) and never the
 * build host's. */
size_t tsk_sys_pagesize(void)
{
	unsigned long sz = getauxval(AT_PAGESZ);

	return sz ? (size_t)sz : 4096;
}

long tsk_sys_read_file(const char *path, char *buf, size_t size)
{
	long n, fd = ret_errno(open(path, O_RDONLY | O_CLOEXEC));

	if (fd < 0)
		return fd;
	n = ret_errno(read((int)fd, buf, size - 1));
	close((int)fd);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

int tsk_sys_perf_event_open(void *attr, int pid, int cpu, int group_fd, unsigned long flags)
{
	return (int)ret_errno(syscall(__NR_perf_event_open, attr, pid, cpu, group_fd, flags));
}

int tsk_sys_ioctl(int fd, unsigned long req, unsigned long arg)
{
	return (int)ret_errno(ioctl(fd, req, arg));
}

int tsk_sys_dupfd(int fd, int min)
{
	return (int)ret_errno(fcntl(fd, F_DUPFD_CLOEXEC, min));
}
