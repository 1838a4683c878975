// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * app.c - the one application every skeleton variant is built into, so the
 * binaries differ only by the skeleton and its loader.
 *
 *   cc -DBENCH_HEADER='"x.h"' -DBENCH_NAME=x app.c ...   [-DBENCH_NOHEAP]
 *
 * BENCH_HEADER is tinyskel's header, bpftool's light skeleton, libbpf's
 * full skeleton, or noskel.h (the baseline: same app, no skeleton).  The
 * app opens, loads and attaches, then - when run by bench/spawn, which sets
 * BENCH_FD - writes {CLOCK_MONOTONIC ns when loaded, ns when attached,
 * VmHWM kB} to that fd, and destroys.
 * BENCH_NOHEAP uses tinyskel's caller-owned storage (NAME__init/__deinit).
 */
#define _GNU_SOURCE
#include <errno.h> /* first: bpf/skel_internal.h uses errno but does not include it (musl) */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define SKEL(f) CAT(BENCH_NAME, f)
#define STR_(a) #a
#define STR(a) STR_(a)

#include BENCH_HEADER

/* Peak RSS of this program image (VmHWM counts only what this exec
 * touched; getrusage would include the parent's pages from before exec). */
static uint64_t vm_hwm_kb(void)
{
	char buf[2048], *p;
	ssize_t n;
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strstr(buf, "VmHWM:");
	return p ? strtoull(p + 6, NULL, 10) : 0;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void report(uint64_t loaded)
{
	uint64_t msg[3];
	const char *fd = getenv("BENCH_FD");

	msg[0] = loaded;
	msg[1] = now_ns();
	if (!fd)
		return; /* not run by bench/spawn */
	msg[2] = vm_hwm_kb();
	if (write(atoi(fd), msg, sizeof(msg)) != (ssize_t)sizeof(msg))
		perror("report");
}

int main(void)
{
	struct BENCH_NAME *skel;
	uint64_t loaded;
	int err;

#ifdef BENCH_NOHEAP
	static struct BENCH_NAME storage;

	skel = &storage;
	SKEL(__init)(skel);
#else
	skel = SKEL(__open)();
	if (!skel) {
		perror(STR(BENCH_NAME) "__open");
		return 1;
	}
#endif
	err = SKEL(__load)(skel);
	loaded = now_ns();
	if (err) {
		fprintf(stderr, "%s: load: %s\n", STR(BENCH_NAME), strerror(err < 0 ? -err : errno));
		goto out;
	}
	err = SKEL(__attach)(skel);
	if (err) {
		fprintf(stderr, "%s: attach: %s\n", STR(BENCH_NAME), strerror(err < 0 ? -err : errno));
		goto out;
	}
	report(loaded);
out:
#ifdef BENCH_NOHEAP
	SKEL(__deinit)(skel);
#else
	SKEL(__destroy)(skel);
#endif
	return err ? 1 : 0;
}
