// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * tapp - the app of tests/integration/cmake.sh, built from the installed
 * CMake package.
 *
 *   tapp info      no kernel needed (runs under qemu-user): what each header
 *                  carries, the skeleton's global-data layout on this CPU
 *   tapp count N   load the unsigned header here, count N getppid() calls
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "count_plain.lskel.h"
#include "count_signed.lskel.h"

static void info(const char *name, const struct tinyskel_blob *b)
{
	uint32_t i;

	printf("%s: %u signatures:", name, b->nr_sigs);
	for (i = 0; i < b->nr_sigs; i++)
		printf(" %s(%u bytes)", tinyskel_scheme_name(b->sigs[i].scheme), b->sigs[i].sig_sz);
	printf("\n");
}

static int count(long n)
{
	struct tinyskel_opts opts = { .sz = sizeof(opts), .policy = TINYSKEL_POLICY_ALLOW_UNSIGNED };
	struct count_plain *skel = count_plain__open();
	long i;
	int err;

	if (!skel)
		return perror("count_plain__open"), 1;
	skel->rodata->target_pid = getpid();
	skel->rodata->target_nr = SYS_getppid;
	err = count_plain__load_opts(skel, &opts);
	if (!err)
		err = count_plain__attach(skel);
	if (err) {
		printf("load/attach: %s, step %s: %s\n", strerror(-err),
		       tinyskel_step_name(skel->result.step), skel->result.reason);
		count_plain__destroy(skel);
		return 1;
	}
	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	printf("scheme %s: counted %lld of %ld -> %s\n", tinyskel_scheme_name(skel->result.scheme),
	       (long long)skel->bss->hits, n, skel->bss->hits == n ? "exact" : "WRONG");
	err = skel->bss->hits != n;
	count_plain__destroy(skel);
	return err;
}

int main(int argc, char **argv)
{
	static struct count_signed s; /* the no-heap path */

	if (argc > 2 && !strcmp(argv[1], "count"))
		return count(strtol(argv[2], NULL, 10));
	if (argc < 2 || strcmp(argv[1], "info"))
		return fprintf(stderr, "usage: tapp info | tapp count N\n"), 2;
	printf("tinyskel %d.%d, %zu-bit pointers\n", TINYSKEL_VERSION_MAJOR, TINYSKEL_VERSION_MINOR,
	       8 * sizeof(void *));
	if (count_signed__init(&s))
		return printf("count_signed__init: header refused\n"), 1;
	info("count_signed", count_signed__blob());
	info("count_plain", count_plain__blob());
	printf("bss.hits: %zu bytes\n", sizeof(s.bss->hits));
	count_signed__deinit(&s);
	return 0;
}
