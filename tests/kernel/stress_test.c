/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * stress_test.c - many loads, attaches and destroys, in one thread and in
 * several at once: every one succeeds and the process's fd count and
 * mappings end where they started.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "proc_fds.h"
#include "counter.lskel.h"

#define ROUNDS 60
#define THREADS 4

static void *rounds(void *arg)
{
	long failures = 0;
	int i;

	(void)arg;
	for (i = 0; i < ROUNDS; i++) {
		struct counter *skel = counter__open_and_load();

		if (!skel || counter__attach(skel)) {
			if (skel)
				printf("round %d: %s: %s\n", i, tinyskel_step_name(skel->result.step),
				       skel->result.reason);
			failures++;
		}
		counter__destroy(skel);
	}
	return (void *)failures;
}

int main(void)
{
	pthread_t th[THREADS];
	void *ret;
	int fds, maps, i;
	long failures = 0;

	if (geteuid() != 0) {
		printf("needs root to load BPF programs\n");
		return 77;
	}
	/* warm up: the probe cache and libc's own allocations */
	rounds(NULL);
	fds = count_fds();
	maps = count_maps();

	check_ctx = "one thread";
	CHECK_INT((long)rounds(NULL), 0);
	CHECK_INT(count_fds(), fds);

	CHECK_INT(count_maps(), maps);

	/* Twice: the first threaded run leaves libc's per-thread arenas and
	 * cached stacks behind; the second must add nothing. */
	check_ctx = "several threads";
	for (int run = 0; run < 2; run++) {
		if (run == 1)
			maps = count_maps();
		for (i = 0; i < THREADS; i++)
			pthread_create(&th[i], NULL, rounds, NULL);
		for (i = 0; i < THREADS; i++) {
			pthread_join(th[i], &ret);
			failures += (long)ret;
		}
	}
	CHECK_INT(failures, 0);
	CHECK_INT(count_fds(), fds);
	CHECK_INT(count_maps(), maps);
	printf("%d loads, fds %d -> %d, mappings %d -> %d\n", ROUNDS * (2 * THREADS + 2), fds, count_fds(), maps,
	       count_maps());
	return check_exit();
}
