/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * sys.h - the runtime's only door to the kernel.
 *
 * Every syscall the runtime makes goes through these functions, which
 * return a value >= 0 or a negative errno (never -1 and errno).
 *
 * The syscall layer is everything under runtime/sys/: one wrapper per file,
 * runtime/sys/NAME.c defining tsk_sys_NAME (musl's way: a static link pulls
 * only the wrappers the app reaches).  A new wrapper goes in its own
 * runtime/sys/NAME.c with its declaration here, and in each replacement.
 * Tests link a replacement for the whole directory (tests/unit/fake_sys.c,
 * tests/model/kernel_model.c, fuzz/abort_sys.c) to inject failures or model
 * a kernel; the build files drop runtime/sys/% from the core sources.
 */
#ifndef TINYSKEL_SYS_H
#define TINYSKEL_SYS_H

#include <stddef.h>
#include <stdint.h>

long tsk_sys_bpf(int cmd, void *attr, unsigned int size);
int tsk_sys_close(int fd);
/* Returns the mapping or NULL with *err set. */
void *tsk_sys_mmap(size_t len, int writable, int fd, int *err);
int tsk_sys_munmap(void *addr, size_t len);
/* Zeroed private pages, read-write, held only while one tinyskel_load()
 * runs (the metadata with its zero runs and a rebuilt in-loader variant),
 * then given back with tsk_sys_scratch_free.  NULL with *err set. */
void *tsk_sys_scratch(size_t len, int *err);
void tsk_sys_scratch_free(void *p, size_t len);
size_t tsk_sys_pagesize(void);
/* Reads at most size-1 bytes of a small text file (sysfs/tracefs) and
 * NUL-terminates them.  Returns the length or a negative errno. */
long tsk_sys_read_file(const char *path, char *buf, size_t size);
int tsk_sys_perf_event_open(void *attr, int pid, int cpu, int group_fd, unsigned long flags);
int tsk_sys_ioctl(int fd, unsigned long req, unsigned long arg);
/* fcntl(F_DUPFD_CLOEXEC): a copy of fd at the lowest free number >= min. */
int tsk_sys_dupfd(int fd, int min);

/* Used by the after-load helpers (maps, ring buffers, pinning, uprobes). */
/* Read-only, O_CLOEXEC; dir: O_DIRECTORY | O_NOFOLLOW (a directory, and
 * not through a symlink in the last component: -ELOOP or -ENOTDIR). */
int tsk_sys_open(const char *path, int dir);
struct tsk_stat {
	uint32_t uid;
	uint32_t perm;   /* st_mode & 07777 */
	uint8_t link;    /* a symlink (only from a lookup by name) */
	uint8_t dir;
};
/* fstat(fd) when name is NULL, else the entry `name` relative to directory
 * fd (fd < 0: the working directory) without following a symlink there. */
int tsk_sys_stat(int fd, const char *name, struct tsk_stat *st);
uint32_t tsk_sys_geteuid(void);
long tsk_sys_pread(int fd, void *buf, size_t len, uint64_t off);
/* read(2), retried on EINTR (iterator output, perf counters). */
long tsk_sys_read(int fd, void *buf, size_t len);
int tsk_sys_unlink(const char *path);
/* mmap at a file offset; NULL with *err set on failure. */
void *tsk_sys_mmap_off(size_t len, int writable, int fd, uint64_t off, int *err);
int tsk_sys_epoll_create(void);
/* Watch fd for input; `tag` comes back from tsk_sys_epoll_wait. */
int tsk_sys_epoll_add(int epfd, int fd, uint32_t tag);
/* Up to `max` tags of ready fds; returns their count or a negative errno. */
int tsk_sys_epoll_wait(int epfd, uint32_t *tags, int max, int timeout_ms);

#endif /* TINYSKEL_SYS_H */
