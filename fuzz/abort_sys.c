// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * abort_sys.c - runtime/sys.h for fuzz_validate: validation (and
 * tinyskel_init) must make no syscall, so every entry point aborts, which
 * libFuzzer reports as a crash with the input that caused it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "sys.h"

static void no_syscall(const char *what)
{
	fprintf(stderr, "fuzz_validate: %s called during validation\n", what);
	abort();
}

long tsk_sys_bpf(int cmd, void *attr, unsigned int size)
{
	(void)cmd, (void)attr, (void)size;
	no_syscall("bpf()");
	return -1;
}

int tsk_sys_close(int fd)
{
	(void)fd;
	no_syscall("close()");
	return -1;
}

void *tsk_sys_mmap(size_t len, int writable, int fd, int *err)
{
	(void)len, (void)writable, (void)fd, (void)err;
	no_syscall("mmap()");
	return NULL;
}

int tsk_sys_munmap(void *addr, size_t len)
{
	(void)addr, (void)len;
	no_syscall("munmap()");
	return -1;
}

size_t tsk_sys_pagesize(void)
{
	no_syscall("pagesize");
	return 4096;
}

long tsk_sys_read_file(const char *path, char *buf, size_t size)
{
	(void)path, (void)buf, (void)size;
	no_syscall("read_file()");
	return -1;
}

int tsk_sys_perf_event_open(void *attr, int pid, int cpu, int group_fd, unsigned long flags)
{
	(void)attr, (void)pid, (void)cpu, (void)group_fd, (void)flags;
	no_syscall("perf_event_open()");
	return -1;
}

int tsk_sys_ioctl(int fd, unsigned long req, unsigned long arg)
{
	(void)fd, (void)req, (void)arg;
	no_syscall("ioctl()");
	return -1;
}

int tsk_sys_dupfd(int fd, int min)
{
	(void)fd, (void)min;
	no_syscall("dupfd()");
	return -1;
}

/* The after-load helpers' syscalls (maps, ring buffers, pinning, uprobes). */
int tsk_sys_open(const char *path, int dir)
{
	(void)path, (void)dir;
	no_syscall("open()");
	return -1;
}

long tsk_sys_read(int fd, void *buf, size_t len)
{
	(void)fd, (void)buf, (void)len;
	no_syscall("read()");
	return -1;
}

long tsk_sys_pread(int fd, void *buf, size_t len, uint64_t off)
{
	(void)fd, (void)buf, (void)len, (void)off;
	no_syscall("pread()");
	return -1;
}

int tsk_sys_unlink(const char *path)
{
	(void)path;
	no_syscall("unlink()");
	return -1;
}

int tsk_sys_stat(int fd, const char *name, struct tsk_stat *st)
{
	(void)fd, (void)name, (void)st;
	no_syscall("stat()");
	return -1;
}

uint32_t tsk_sys_geteuid(void)
{
	no_syscall("geteuid()");
	return 0;
}

void *tsk_sys_mmap_off(size_t len, int writable, int fd, uint64_t off, int *err)
{
	(void)len, (void)writable, (void)fd, (void)off, (void)err;
	no_syscall("mmap()");
	return NULL;
}

int tsk_sys_epoll_create(void)
{
	no_syscall("epoll_create()");
	return -1;
}

int tsk_sys_epoll_add(int epfd, int fd, uint32_t tag)
{
	(void)epfd, (void)fd, (void)tag;
	no_syscall("epoll_ctl()");
	return -1;
}

int tsk_sys_epoll_wait(int epfd, uint32_t *tags, int max, int timeout_ms)
{
	(void)epfd, (void)tags, (void)max, (void)timeout_ms;
	no_syscall("epoll_wait()");
	return -1;
}

void *tsk_sys_scratch(size_t len, int *err)
{
	(void)len, (void)err;
	no_syscall("scratch");
	return NULL;
}

void tsk_sys_scratch_free(void *p, size_t len)
{
	(void)p, (void)len;
	no_syscall("scratch_free");
}
