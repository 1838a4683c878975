/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * ringbuf_test.c - ringbuf.c against the real kernel.  The producer is
 * feat.bpf.c's raw tracepoint: one 8-byte record (a sequence number) per
 * getppid() of the producer thread.
 *
 *  1. 1,000,000 records through a 256 KiB ring (about 60 wrap-arounds),
 *     every 7th discarded by the program: each committed record arrives
 *     once, in order, none is lost.  The producer waits whenever it is
 *     more than 4096 records ahead of the consumer (flow control by
 *     count, not by time), so a lossless run is the expected result.
 *  2. A 4 KiB ring nobody reads: what the program could not reserve is
 *     counted by it, and delivered + dropped is exactly what it produced.
 *  3. The same with a consumer that is slower than the producer.
 *  4. Stop from the callback; poll timeout; two rings in one poller.
 *  Every case: no fd and no mapping left behind.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"
#include "proc_fds.h"
#include "feat.lskel.h"

#define BIG_N 1000000u
#define AHEAD 4096u

static struct feat *skel;

struct consumer {
	uint64_t next;      /* lowest seq we may still see */
	uint64_t delivered;
	uint64_t bad_order; /* records at or below a seq already seen */
	uint64_t bad_len;
	uint32_t skip_every; /* discarded seqs: the program drops seq % N == 0 */
	uint64_t missing;    /* committed seqs that never came */
	int slow;
	int stop_at;         /* return -1234 at this delivered count (0: never) */
	_Atomic uint64_t seen; /* published for the producer's flow control */
};

static int on_event(void *ctx, const void *data, uint32_t size)
{
	struct consumer *c = ctx;
	uint64_t seq, s;

	if (size != 8) {
		c->bad_len++;
		return 0;
	}
	memcpy(&seq, data, 8);
	if (seq < c->next) {
		c->bad_order++;
	} else if (c->skip_every) {
		for (s = c->next; s < seq; s++)
			c->missing += s % c->skip_every != 0;
	}
	c->next = seq + 1;
	c->delivered++;
	atomic_store_explicit(&c->seen, seq + 1, memory_order_release);
	if (c->slow)
		for (volatile int i = 0; i < 2000; i++)
			;
	if (c->stop_at && (int)c->delivered == c->stop_at)
		return -1234;
	return 0;
}

struct producer {
	uint32_t n;
	struct consumer *flow; /* NULL: no flow control */
	_Atomic int done;
};

static void *produce(void *arg)
{
	struct producer *p = arg;
	uint32_t i;

	skel->data->producer_tid = (int)syscall(SYS_gettid);
	for (i = 0; i < p->n; i++) {
		while (p->flow && i > atomic_load_explicit(&p->flow->seen, memory_order_acquire) + AHEAD)
			sched_yield();
		syscall(SYS_getppid);
	}
	skel->data->producer_tid = -1;
	atomic_store(&p->done, 1);
	return NULL;
}

/* Consume from the poller until the producer is done and the rings are empty. */
static void drain(struct tinyskel_ringbuf_poller *p, struct producer *prod)
{
	uint32_t i;
	int idle = 0, r;

	while (idle < 3) {
		r = tinyskel_ringbuf_poll(p, 50);
		CHECK(r >= 0);
		if (r < 0)
			break;
		if (!atomic_load(&prod->done))
			continue;
		for (i = 0, r = 0; i < p->nr; i++)
			r += tinyskel_ringbuf_avail(&p->rings[i]) != 0;
		idle = r ? 0 : idle + 1;
	}
}

static void reset_counters(void)
{
	skel->bss->produced = 0;
	skel->bss->dropped = 0;
}

static void lossless(void)
{
	static struct tinyskel_ringbuf rings[2];
	struct tinyskel_ringbuf_poller poller;
	struct consumer c = { .skip_every = 7 };
	struct consumer other = { 0 };
	struct producer prod = { .n = BIG_N, .flow = &c };
	pthread_t th;
	uint64_t discarded = (BIG_N - 1) / 7 + 1; /* seq 0, 7, 14, ... */

	check_ctx = "1M lossless";
	reset_counters();
	skel->bss->use_small = 0;
	skel->bss->discard_every = 7;
	CHECK_INT(tinyskel_ringbuf_open(&rings[0], skel->maps.events.map_fd, on_event, &c, NULL), 0);
	CHECK_INT(tinyskel_ringbuf_open(&rings[1], skel->maps.small.map_fd, on_event, &other, NULL), 0);
	CHECK_INT(rings[0].size, 256 * 1024);
	CHECK_INT(tinyskel_ringbuf_poller_init(&poller, rings, 2, NULL), 0);
	pthread_create(&th, NULL, produce, &prod);
	drain(&poller, &prod);
	pthread_join(th, NULL);
	CHECK_INT(skel->bss->produced, BIG_N);
	CHECK_INT(skel->bss->dropped, 0);
	CHECK_INT(c.delivered, BIG_N - discarded);
	CHECK_INT(rings[0].records, BIG_N - discarded);
	CHECK_INT(c.bad_order, 0);
	CHECK_INT(c.bad_len, 0);
	CHECK_INT(c.missing, 0);
	CHECK_INT(other.delivered, 0);
	CHECK_INT(tinyskel_ringbuf_avail(&rings[0]), 0);
	printf("1M: produced %llu, delivered %llu, discarded %llu, dropped %llu, wraps %llu\n",
	       (unsigned long long)skel->bss->produced, (unsigned long long)c.delivered,
	       (unsigned long long)discarded, (unsigned long long)skel->bss->dropped,
	       (unsigned long long)(rings[0].cons / rings[0].size));
	tinyskel_ringbuf_poller_close(&poller);
	tinyskel_ringbuf_close(&rings[0]);
	tinyskel_ringbuf_close(&rings[1]);
	skel->bss->discard_every = 0;
}

static void lossy_unread(void)
{
	struct tinyskel_ringbuf rb;
	struct consumer c = { 0 };
	struct producer prod = { .n = 1000 };
	int r;

	check_ctx = "unread ring";
	reset_counters();
	skel->bss->use_small = 1;
	produce(&prod); /* in this thread: nobody consumes meanwhile */
	CHECK_INT(tinyskel_ringbuf_open(&rb, skel->maps.small.map_fd, on_event, &c, NULL), 0);
	r = tinyskel_ringbuf_consume(&rb);
	CHECK_INT(skel->bss->produced, 1000);
	CHECK(skel->bss->dropped > 0);
	CHECK_INT(r, c.delivered);
	CHECK_INT(c.delivered + skel->bss->dropped, 1000);
	CHECK_INT(c.bad_order, 0);
	/* the first records are the ones kept: seqs 0 .. delivered-1 */
	CHECK_INT(c.next, c.delivered);
	printf("4 KiB ring, unread: delivered %llu, dropped %llu (sum 1000)\n",
	       (unsigned long long)c.delivered, (unsigned long long)skel->bss->dropped);
	tinyskel_ringbuf_close(&rb);
}

static void lossy_slow(void)
{
	struct tinyskel_ringbuf rb;
	struct tinyskel_ringbuf_poller poller;
	struct consumer c = { .slow = 1 };
	struct producer prod = { .n = 50000 };
	pthread_t th;

	check_ctx = "slow consumer";
	reset_counters();
	skel->bss->use_small = 1;
	CHECK_INT(tinyskel_ringbuf_open(&rb, skel->maps.small.map_fd, on_event, &c, NULL), 0);
	CHECK_INT(tinyskel_ringbuf_poller_init(&poller, &rb, 1, NULL), 0);
	pthread_create(&th, NULL, produce, &prod);
	drain(&poller, &prod);
	pthread_join(th, NULL);
	CHECK_INT(skel->bss->produced, 50000);
	CHECK_INT(c.delivered + skel->bss->dropped, 50000);
	CHECK_INT(c.bad_order, 0);
	printf("slow consumer: delivered %llu, dropped %llu (sum 50000)\n", (unsigned long long)c.delivered,
	       (unsigned long long)skel->bss->dropped);
	tinyskel_ringbuf_poller_close(&poller);
	tinyskel_ringbuf_close(&rb);
}

static void stop_and_timeout(void)
{
	struct tinyskel_ringbuf rb;
	struct tinyskel_ringbuf_poller poller;
	struct consumer c = { .stop_at = 3 };
	struct producer prod = { .n = 10 };
	struct tinyskel_result res;

	check_ctx = "stop from callback";
	reset_counters();
	skel->bss->use_small = 0;
	CHECK_INT(tinyskel_ringbuf_open(&rb, skel->maps.events.map_fd, on_event, &c, NULL), 0);
	CHECK_INT(tinyskel_ringbuf_poller_init(&poller, &rb, 1, NULL), 0);
	check_ctx = "timeout";
	CHECK_INT(tinyskel_ringbuf_poll(&poller, 20), 0);
	check_ctx = "stop from callback";
	produce(&prod);
	CHECK_INT(tinyskel_ringbuf_poll(&poller, 1000), -1234);
	CHECK_INT(c.delivered, 3);
	c.stop_at = 0;
	CHECK_INT(tinyskel_ringbuf_consume(&rb), 7);
	CHECK_INT(c.delivered, 10);
	CHECK_INT(c.next, 10);
	check_ctx = "two consumers take turns";
	{
		/* The position lives in the shared consumer page: records one
		 * consumer took are never seen again by another. */
		struct tinyskel_ringbuf rb2;
		struct consumer c2 = { .next = 10 };

		CHECK_INT(tinyskel_ringbuf_open(&rb2, skel->maps.events.map_fd, on_event, &c2, NULL), 0);
		produce(&prod);
		CHECK_INT(tinyskel_ringbuf_consume(&rb2), 10);
		CHECK_INT(tinyskel_ringbuf_consume(&rb), 0);
		produce(&prod);
		CHECK_INT(tinyskel_ringbuf_consume(&rb), 10);
		CHECK_INT(tinyskel_ringbuf_consume(&rb2), 0);
		CHECK_INT(c2.bad_order + c.bad_order, 0);
		CHECK_INT(c2.next, 20);
		CHECK_INT(c.next, 30);
		tinyskel_ringbuf_close(&rb2);
	}
	tinyskel_ringbuf_poller_close(&poller);
	tinyskel_ringbuf_close(&rb);

	check_ctx = "not a ring buffer";
	memset(&res, 0, sizeof(res));
	CHECK_INT(tinyskel_ringbuf_open(&rb, skel->maps.h.map_fd, on_event, &c, &res), -EINVAL);
	CHECK_INT(res.step, TINYSKEL_STEP_RINGBUF);
	CHECK(res.reason && strstr(res.reason, "ring buffer"));
	CHECK(rb.consumer == NULL && rb.producer == NULL);
}

int main(void)
{
	int fds, maps;

	if (geteuid() != 0) {
		printf("needs root to load BPF programs\n");
		return 77;
	}
#ifndef __x86_64__
	printf("feat.bpf.c filters on x86-64's getppid number\n");
	return 77;
#endif
	skel = feat__open_and_load();
	if (!skel || feat__attach(skel)) {
		printf("load/attach failed: %s\n", skel ? skel->result.reason : "open");
		return 1;
	}
	{
		/* glibc keeps a finished thread's stack for reuse: make that
		 * happen before counting, so only our mappings are compared. */
		pthread_t th;
		struct producer none = { .n = 0 };

		pthread_create(&th, NULL, produce, &none);
		pthread_join(th, NULL);
	}
	fds = count_fds();
	maps = count_maps();
	stop_and_timeout();
	lossy_unread();
	lossless();
	lossy_slow();
	check_ctx = "after all";
	CHECK_INT(count_fds(), fds);
	CHECK_INT(count_maps(), maps);
	feat__destroy(skel);
	return check_exit();
}
