/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * lowfd_test.c - fd 0 keeps meaning "none" (issue 11, item 9).  A daemon
 * that closed its standard streams loads and attaches the counter example
 * on the running kernel: every fd in the skeleton (the maps and program
 * the loader program creates inside the kernel, and the link) is >= 3,
 * the program counts, and deinit leaves exactly the fds of before.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"
#include "counter.lskel.h"

static struct counter skel;

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n - 1; /* the directory's own fd */
}

struct outcome {
	int init, load, attach, min_fd, link_fd, hits, std_free_after, fds_before, fds_after;
};

static int min_fd(void)
{
	int m = skel.maps.counts.map_fd, fds[] = { skel.maps.rodata.map_fd, skel.maps.data.map_fd,
						   skel.maps.bss.map_fd, skel.progs.count_syscall.prog_fd };
	size_t i;

	for (i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
		m = fds[i] < m ? fds[i] : m;
	return m;
}

/* With the standard fds in `closed` closed (bits 0-2), load, attach,
 * count, deinit.  Output is kept on a saved fd meanwhile. */
static void run(unsigned closed, struct outcome *o)
{
	struct tinyskel_opts opts = { .sz = sizeof(opts), .policy = TINYSKEL_POLICY_UNSIGNED_ONLY };
	int saved[3], i;

	memset(o, 0, sizeof(*o));
	fflush(stdout);
	for (i = 0; i < 3; i++) {
		saved[i] = fcntl(i, F_DUPFD_CLOEXEC, 10);
		if (closed & (1u << i))
			close(i);
	}
	o->fds_before = open_fds();
	o->init = counter__init(&skel);
	skel.data->target_pid = getpid();
	skel.data->target_syscall = SYS_getppid;
	o->load = counter__load_opts(&skel, &opts);
	o->min_fd = min_fd();
	o->attach = counter__attach(&skel);
	o->link_fd = skel.links.count_syscall_fd;
	for (i = 0; i < 4; i++)
		syscall(SYS_getppid);
	o->hits = skel.bss ? (int)skel.bss->hits : -1;
	counter__deinit(&skel);
	o->fds_after = open_fds();
	o->std_free_after = 0;
	for (i = 0; i < 3; i++)
		o->std_free_after |= (fcntl(i, F_GETFD) < 0) << i;
	for (i = 0; i < 3; i++) {
		dup2(saved[i], i);
		close(saved[i]);
	}
}

int main(void)
{
	static const unsigned cases[] = { 0x1, 0x7, 0x5 };
	struct outcome o;
	size_t i;

	if (geteuid() != 0) {
		printf("needs root to load BPF programs\n");
		return 77;
	}
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char ctx[64];

		snprintf(ctx, sizeof(ctx), "standard fds closed: mask %#x", cases[i]);
		check_ctx = ctx;
		run(cases[i], &o);
		CHECK_INT(o.init, 0);
		CHECK_INT(o.load, 0);
		CHECK_INT(o.attach, 0);
		CHECK(o.min_fd >= 3);
		CHECK(o.link_fd >= 3);
		CHECK_INT(o.hits, 4);
		CHECK_INT(o.std_free_after, cases[i]); /* nothing left in the holes */
		CHECK_INT(o.fds_after, o.fds_before);
		printf("%s: lowest skeleton fd %d, link %d, hits %d\n", ctx, o.min_fd, o.link_fd, o.hits);
	}
	return check_exit();
}
