// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * spawn.c - fresh-process load time: exec a variant of bench/app.c many
 * times, interleaved with the others, and time exec -> programs attached.
 *
 *   spawn RUNS LABEL=PATH...
 *
 * The app writes {CLOCK_MONOTONIC ns when loaded, when attached, VmHWM kB}
 * to the fd named by BENCH_FD.  Prints one line per variant (times from
 * just before fork):
 *   fresh LABEL load_median load_p10 load_p90 rss_median failures
 *         attach_median attach_p10 attach_p90          (us, kB)
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_VARIANTS 32
#define MAX_RUNS 1001

struct variant {
	const char *label, *path;
	double us[MAX_RUNS], att[MAX_RUNS], rss[MAX_RUNS];
	int n, fails;
};

static struct variant v[MAX_VARIANTS];

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double pct(double *a, int n, int p)
{
	return n ? a[(n - 1) * p / 100] : 0;
}

static void run_one(struct variant *x)
{
	uint64_t msg[3], t0;
	char fdstr[16];
	int fds[2], st;
	ssize_t got;
	pid_t pid;

	if (pipe(fds)) {
		perror("pipe");
		exit(1);
	}
	snprintf(fdstr, sizeof(fdstr), "%d", fds[1]);
	t0 = now_ns();
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		setenv("BENCH_FD", fdstr, 1);
		execl(x->path, x->path, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	got = read(fds[0], msg, sizeof(msg));
	close(fds[0]);
	if (pid < 0 || waitpid(pid, &st, 0) < 0 || got != (ssize_t)sizeof(msg) || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 0) {
		x->fails++;
		return;
	}
	x->us[x->n] = (double)(msg[0] - t0) / 1000.0;
	x->att[x->n] = (double)(msg[1] - t0) / 1000.0;
	x->rss[x->n] = (double)msg[2];
	x->n++;
}

int main(int argc, char **argv)
{
	int runs, nv = argc - 2, i, j;

	if (argc < 3 || nv > MAX_VARIANTS || (runs = atoi(argv[1])) < 1 || runs > MAX_RUNS) {
		fprintf(stderr, "usage: spawn RUNS LABEL=PATH...\n");
		return 2;
	}
	for (i = 0; i < nv; i++) {
		char *eq = strchr(argv[i + 2], '=');

		if (!eq)
			return 2;
		*eq = '\0';
		v[i].label = argv[i + 2];
		v[i].path = eq + 1;
	}
	/* Round robin, starting one further each round: drift and caches
	 * hit every variant alike. */
	for (i = 0; i < runs; i++)
		for (j = 0; j < nv; j++)
			run_one(&v[(i + j) % nv]);
	for (i = 0; i < nv; i++) {
		qsort(v[i].us, (size_t)v[i].n, sizeof(double), cmp_double);
		qsort(v[i].att, (size_t)v[i].n, sizeof(double), cmp_double);
		qsort(v[i].rss, (size_t)v[i].n, sizeof(double), cmp_double);
		printf("fresh %s %.1f %.1f %.1f %.0f %d %.1f %.1f %.1f\n", v[i].label, pct(v[i].us, v[i].n, 50),
		       pct(v[i].us, v[i].n, 10), pct(v[i].us, v[i].n, 90), pct(v[i].rss, v[i].n, 50),
		       v[i].fails, pct(v[i].att, v[i].n, 50), pct(v[i].att, v[i].n, 10),
		       pct(v[i].att, v[i].n, 90));
	}
	return 0;
}
