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
#include <sys/epoll.h>
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

int tsk_sys_open(const char *path, int dir)
{
	return (int)ret_errno(open(path, O_RDONLY | O_CLOEXEC | (dir ? O_DIRECTORY : 0)));
}

long tsk_sys_pread(int fd, void *buf, size_t len, uint64_t off)
{
	return ret_errno(pread(fd, buf, len, (off_t)off));
}

int tsk_sys_unlink(const char *path)
{
	return (int)ret_errno(unlink(path));
}

void *tsk_sys_mmap_off(size_t len, int writable, int fd, uint64_t off, int *err)
{
	void *p = mmap(NULL, len, PROT_READ | (writable ? PROT_WRITE : 0), MAP_SHARED, fd, (off_t)off);

	if (p == MAP_FAILED) {
		*err = -errno;
		return NULL;
	}
	return p;
}

int tsk_sys_epoll_create(void)
{
	return (int)ret_errno(epoll_create1(EPOLL_CLOEXEC));
}

int tsk_sys_epoll_add(int epfd, int fd, uint32_t tag)
{
	struct epoll_event ev;

	ev.events = EPOLLIN;
	ev.data.u64 = tag;
	return (int)ret_errno(epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev));
}

/* struct epoll_event is packed on x86-64 only; keeping it in here keeps
 * that detail out of the rest of the runtime. */
int tsk_sys_epoll_wait(int epfd, uint32_t *tags, int max, int timeout_ms)
{
	struct epoll_event ev[16];
	int n, i;

	if (max > 16)
		max = 16;
	n = (int)ret_errno(epoll_wait(epfd, ev, max, timeout_ms));
	for (i = 0; i < n; i++)
		tags[i] = (uint32_t)ev[i].data.u64;
	return n;
}
