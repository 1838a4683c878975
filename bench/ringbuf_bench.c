/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * ringbuf_bench.c - records/s of tinyskel's ring buffer consumer and of
 * libbpf's ring_buffer__poll, on the same map and the same producer
 * (rb.bpf.c), alternating in one process so both see the same machine.
 *
 *   ringbuf_bench [ROUNDS [RECORDS]]
 *
 * Each round fills the ring with RECORDS records (the program writes 256
 * per getppid(), before the clock starts), then times draining them with
 * one implementation's poll call (timeout 0) until all arrived.  Prints
 * the median records/s of each and the median of the per-round ratios
 * (paired, so a noisy neighbour on a shared machine hits both sides of a
 * ratio alike).  Pinned to one CPU.  Not a test: nothing fails.
 */
#define _GNU_SOURCE
#include <bpf/libbpf.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "rb.lskel.h"

static struct rb *skel;
static uint64_t got, sum;

static int ours_cb(void *ctx, const void *data, uint32_t size)
{
	(void)ctx, (void)size;
	sum += *(const uint64_t *)data;
	got++;
	return 0;
}

static int libbpf_cb(void *ctx, void *data, size_t size)
{
	(void)ctx, (void)size;
	sum += *(const uint64_t *)data;
	got++;
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void fill(uint64_t n)
{
	uint64_t calls = n / skel->data->per_call;

	skel->data->producer_tid = (int)syscall(SYS_gettid);
	while (calls--)
		syscall(SYS_getppid);
	skel->data->producer_tid = -1;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 11, r;
	uint64_t n = argc > 2 ? strtoull(argv[2], NULL, 10) : 2000000;
	struct tinyskel_ringbuf ring;
	struct tinyskel_ringbuf_poller poller;
	struct ring_buffer *lb;
	double *ours = calloc(rounds, sizeof(double)), *theirs = calloc(rounds, sizeof(double)), t;
	double *ratio = calloc(rounds, sizeof(double));
	cpu_set_t one;

	CPU_ZERO(&one);
	CPU_SET(sched_getcpu(), &one);
	sched_setaffinity(0, sizeof(one), &one);

	skel = rb__open();
	if (!skel)
		return 1;
	skel->data->syscall_nr = SYS_getppid;
	if (rb__load(skel) || rb__attach(skel)) {
		fprintf(stderr, "load: %s\n", skel->result.reason);
		return 1;
	}
	n -= n % skel->data->per_call;
	if (tinyskel_ringbuf_open(&ring, skel->maps.rb.map_fd, ours_cb, NULL, NULL) ||
	    tinyskel_ringbuf_poller_init(&poller, &ring, 1, NULL))
		return 1;
	lb = ring_buffer__new(skel->maps.rb.map_fd, libbpf_cb, NULL, NULL);
	if (!lb)
		return 1;
	for (r = 0; r < rounds; r++) {
		/* alternate who goes first, so neither always gets a warm cache */
		for (int k = 0; k < 2; k++) {
			int mine = (k + r) % 2 == 0;

			fill(n);
			got = 0;
			t = now();
			while (got < n) {
				if (mine)
					tinyskel_ringbuf_poll(&poller, 0);
				else
					ring_buffer__poll(lb, 0);
			}
			t = now() - t;
			(mine ? ours : theirs)[r] = n / t;
		}
		ratio[r] = ours[r] / theirs[r];
	}
	qsort(ratio, rounds, sizeof(double), cmp);
	qsort(ours, rounds, sizeof(double), cmp);
	qsort(theirs, rounds, sizeof(double), cmp);
	printf("| consumer | records/s (median of %d rounds of %llu) |\n|---|---:|\n", rounds,
	       (unsigned long long)n);
	printf("| tinyskel_ringbuf_poll | %.0f |\n", ours[rounds / 2]);
	printf("| libbpf ring_buffer__poll (%d.%d) | %.0f |\n", LIBBPF_MAJOR_VERSION, LIBBPF_MINOR_VERSION,
	       theirs[rounds / 2]);
	printf("\nratio tinyskel / libbpf: %.2f (median of per-round ratios; min %.2f, max %.2f; "
	       "records dropped by the producer: %llu)\n",
	       ratio[rounds / 2], ratio[0], ratio[rounds - 1], (unsigned long long)skel->bss->dropped);
	ring_buffer__free(lb);
	tinyskel_ringbuf_poller_close(&poller);
	tinyskel_ringbuf_close(&ring);
	rb__destroy(skel);
	return 0;
}
