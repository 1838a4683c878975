// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * loop.c - repeated loads in one process, variants interleaved, and where
 * the time goes.
 *
 *   loop RUNS
 *
 * Every variant.c linked in registers itself.  Each round runs every
 * variant's open+load (timed), attach (timed apart: the kernel's tracepoint
 * registration, the same call for every loader) and destroy (not timed),
 * starting one further each round.  Linked with -Wl,--wrap=syscall: libtinyskel,
 * skel_internal.h and libbpf all issue bpf(2) through syscall(3), so each
 * bpf command is timed where it is made.  Prints
 *   loop LABEL load_median p10 p90 first_load failures attach_median (us)
 *   brk  LABEL first|steady WHAT calls_per_load us_per_load
 * (WHAT: a bpf command, "syscall-NR" for other syscall(3) calls, or "user"
 * for the time outside them: user space and libc's own syscalls).
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "loop.h"

#define MAX_VARIANTS 32
#define MAX_RUNS 1001
#define NR_CMDS 40
#define OTHER NR_CMDS /* a syscall(3) that is not bpf(2) */

struct acc {
	uint64_t calls[NR_CMDS + 1], ns[NR_CMDS + 1];
};

struct variant {
	const char *label;
	void *(*load)(int *err);
	int (*attach)(void *skel);
	void (*down)(void *skel);
	double us[MAX_RUNS], att[MAX_RUNS];
	int n, fails;
	double first_us;
	struct acc first, steady;
};

static struct variant v[MAX_VARIANTS];
static int nv;
static struct acc *cur; /* where __wrap_syscall accounts, or NULL */

static const char *const cmd_names[NR_CMDS] = {
	"MAP_CREATE", "MAP_LOOKUP_ELEM", "MAP_UPDATE_ELEM", "MAP_DELETE_ELEM", "MAP_GET_NEXT_KEY",
	"PROG_LOAD", "OBJ_PIN", "OBJ_GET", "PROG_ATTACH", "PROG_DETACH", "PROG_RUN",
	"PROG_GET_NEXT_ID", "MAP_GET_NEXT_ID", "PROG_GET_FD_BY_ID", "MAP_GET_FD_BY_ID",
	"OBJ_GET_INFO_BY_FD", "PROG_QUERY", "RAW_TRACEPOINT_OPEN", "BTF_LOAD", "BTF_GET_FD_BY_ID",
	"TASK_FD_QUERY", "MAP_LOOKUP_AND_DELETE_ELEM", "MAP_FREEZE", "BTF_GET_NEXT_ID",
	"MAP_LOOKUP_BATCH", "MAP_LOOKUP_AND_DELETE_BATCH", "MAP_UPDATE_BATCH", "MAP_DELETE_BATCH",
	"LINK_CREATE", "LINK_UPDATE", "LINK_GET_FD_BY_ID", "LINK_GET_NEXT_ID", "ENABLE_STATS",
	"ITER_CREATE", "LINK_DETACH", "PROG_BIND_MAP", "TOKEN_CREATE", "PROG_STREAM_READ_BY_FD",
	"cmd-38", "cmd-39",
};

void bench_register(const char *label, void *(*load)(int *err), int (*attach)(void *skel),
		    void (*down)(void *skel))
{
	if (nv == MAX_VARIANTS)
		abort();
	v[nv].label = label;
	v[nv].load = load;
	v[nv].attach = attach;
	v[nv].down = down;
	nv++;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

long __real_syscall(long nr, ...);

/* Every caller passes at most six integer or pointer arguments; reading six
 * is what the kernel ABI does too. */
long __wrap_syscall(long nr, ...)
{
	long a[6], r;
	uint64_t t0;
	va_list ap;
	int i, slot;

	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	t0 = now_ns();
	r = __real_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	if (cur) {
		slot = nr != SYS_bpf ? OTHER : a[0] >= 0 && a[0] < NR_CMDS ? (int)a[0] : NR_CMDS - 1;
		cur->calls[slot]++;
		cur->ns[slot] += now_ns() - t0;
	}
	return r;
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

static void print_acc(const struct variant *x, const char *which, const struct acc *a, double loads,
		      double total_us)
{
	double in_calls = 0;
	int i;

	if (loads <= 0)
		return;
	for (i = 0; i <= NR_CMDS; i++) {
		if (!a->calls[i])
			continue;
		in_calls += (double)a->ns[i] / 1000.0 / loads;
		if (i == OTHER)
			printf("brk %s %s other-syscall %.2f %.1f\n", x->label, which,
			       (double)a->calls[i] / loads, (double)a->ns[i] / 1000.0 / loads);
		else
			printf("brk %s %s %s %.2f %.1f\n", x->label, which, cmd_names[i],
			       (double)a->calls[i] / loads, (double)a->ns[i] / 1000.0 / loads);
	}
	printf("brk %s %s user 0 %.1f\n", x->label, which, total_us - in_calls);
}

int main(int argc, char **argv)
{
	int runs = argc > 1 ? atoi(argv[1]) : 0, i, j, err;
	double steady_total;

	if (runs < 2 || runs > MAX_RUNS || nv == 0) {
		fprintf(stderr, "usage: loop RUNS (2..%d), with variants linked in\n", MAX_RUNS);
		return 2;
	}
	for (i = 0; i < runs; i++) {
		for (j = 0; j < nv; j++) {
			struct variant *x = &v[(i + j) % nv];
			uint64_t t0, t1;
			void *skel;

			cur = x->n == 0 && x->fails == 0 ? &x->first : &x->steady;
			t0 = now_ns();
			skel = x->load(&err);
			t0 = now_ns() - t0;
			if (!skel) {
				cur = NULL;
				x->fails++;
				continue;
			}
			t1 = now_ns();
			err = x->attach(skel);
			t1 = now_ns() - t1;
			cur = NULL;
			if (err) {
				x->down(skel);
				x->fails++;
				continue;
			}
			if (x->n == 0)
				x->first_us = (double)t0 / 1000.0;
			x->att[x->n] = (double)t1 / 1000.0;
			x->us[x->n++] = (double)t0 / 1000.0;
			x->down(skel);
		}
	}
	for (i = 0; i < nv; i++) {
		struct variant *x = &v[i];

		steady_total = 0;
		for (j = 1; j < x->n; j++)
			steady_total += x->us[j] + x->att[j];
		print_acc(x, "first", &x->first, 1, x->n ? x->first_us + x->att[0] : 0);
		print_acc(x, "steady", &x->steady, x->n - 1, x->n > 1 ? steady_total / (x->n - 1) : 0);
		qsort(x->us, (size_t)x->n, sizeof(double), cmp_double);
		qsort(x->att, (size_t)x->n, sizeof(double), cmp_double);
		printf("loop %s %.1f %.1f %.1f %.1f %d %.1f\n", x->label, pct(x->us, x->n, 50),
		       pct(x->us, x->n, 10), pct(x->us, x->n, 90), x->first_us, x->fails,
		       pct(x->att, x->n, 50));
	}
	return 0;
}
