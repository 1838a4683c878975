/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * ringbuf_4g.c - more than 4 GiB through one ring buffer, none lost, built
 * twice by ringbuf_4g.sh: as a 64-bit process and as a 32-bit (i386)
 * process on this 64-bit kernel.  The kernel's positions are 64-bit there;
 * a consumer that writes back only 32 bits leaves the kernel seeing a full
 * ring once the count passes 2^32, and every reserve fails from then on.
 *
 * The producer thread stays less than half a ring ahead (flow control by
 * count), so any drop or stall is the consumer's fault.  A stall (no
 * record for 5 s) fails the test instead of hanging it.  It is measured by
 * the clock, not by counting polls: while the record at the consumer
 * position is reserved but not committed (its producer preempted, or its
 * vCPU descheduled by the host, mid-batch), the kernel counts it as data,
 * so epoll reports the ring ready and every poll returns 0 at once; 50
 * such polls took 25 us, and a loaded machine failed the test that way.
 * The BPF program holds one record in every 2048 calls BUSY for 10 ms, so
 * each run goes through that case on purpose.
 *
 *   ringbuf_4g [MiB]      default 4160 (4 GiB + 64 MiB)
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "rb4g.lskel.h"

#define REC 64u /* bytes per record in the ring, header included */
#define STALL_NS 5000000000ull

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static struct rb4g *skel;
static _Atomic uint64_t seen;   /* records delivered */
static uint64_t target, bad_seq;
static _Atomic int stop;

static int on_rec(void *ctx, const void *data, uint32_t size)
{
	uint64_t s, n = atomic_load_explicit(&seen, memory_order_relaxed);

	(void)ctx;
	memcpy(&s, data, 8);
	bad_seq += s != n || size != REC - 8;
	atomic_store_explicit(&seen, n + 1, memory_order_release);
	return 0;
}

static void *produce(void *arg)
{
	uint64_t ahead = *(uint64_t *)arg, made = 0;

	skel->data->producer_tid = (int)syscall(SYS_gettid);
	while (made < target && !atomic_load(&stop)) {
		if (made - atomic_load_explicit(&seen, memory_order_acquire) > ahead) {
			sched_yield();
			continue;
		}
		syscall(SYS_getppid);
		made += skel->data->per_call;
	}
	skel->data->producer_tid = -1;
	return NULL;
}

int main(int argc, char **argv)
{
	uint64_t mib = argc > 1 ? strtoull(argv[1], NULL, 10) : 4160, ahead, last = 0, last_ns;
	struct tinyskel_ringbuf ring;
	struct tinyskel_ringbuf_poller p;
	pthread_t th;
	int stalled = 0, r;

	if (geteuid() != 0) {
		printf("needs root to load BPF programs\n");
		return 77;
	}
	skel = rb4g__open();
	if (!skel)
		return 1;
	skel->data->syscall_nr = SYS_getppid;
	skel->bss->hold_every = 2048;
	skel->bss->hold_ns = 10000000;
	if (rb4g__load(skel) || rb4g__attach(skel)) {
		printf("load: %s\n", skel->result.reason);
		return 1;
	}
	target = mib * 1024 * 1024 / REC;
	target -= target % skel->data->per_call;
	CHECK_INT(tinyskel_ringbuf_open(&ring, skel->maps.rb.map_fd, on_rec, NULL, NULL), 0);
	CHECK_INT(tinyskel_ringbuf_poller_init(&p, &ring, 1, NULL), 0);
	ahead = ring.size / REC / 2 - skel->data->per_call;
	pthread_create(&th, NULL, produce, &ahead);
	last_ns = now_ns();
	while (atomic_load(&seen) < target && !stalled) {
		r = tinyskel_ringbuf_poll(&p, 100);
		CHECK(r >= 0);
		if (r < 0)
			break;
		if (atomic_load(&seen) != last) {
			last = atomic_load(&seen);
			last_ns = now_ns();
		} else {
			stalled = now_ns() - last_ns > STALL_NS;
		}
	}
	atomic_store(&stop, 1);
	pthread_join(th, NULL);
	check_ctx = sizeof(long) == 4 ? "32-bit process" : "64-bit process";
	if (stalled)
		printf("%s: stalled after %llu MiB: the kernel sees a full ring\n", check_ctx,
		       (unsigned long long)(atomic_load(&seen) * REC >> 20));
	CHECK_INT(atomic_load(&seen), target);
	CHECK_INT(skel->bss->seq, target);
	CHECK_INT(skel->bss->dropped, 0);
	CHECK_INT(bad_seq, 0);
	CHECK(skel->bss->holds > 0); /* the BUSY-head case was exercised */
	/* Past 2^32: the kernel's 64-bit position (low word, then high word) */
	CHECK_INT(*(const volatile uint64_t *)ring.consumer >> 32, (target * REC) >> 32);
	printf("%s: %llu records, %llu MiB through a %u MiB ring, consumer position 0x%llx, %llu dropped, %llu held BUSY\n",
	       check_ctx, (unsigned long long)atomic_load(&seen), (unsigned long long)(atomic_load(&seen) * REC >> 20),
	       ring.size >> 20, (unsigned long long)*(const volatile uint64_t *)ring.consumer,
	       (unsigned long long)skel->bss->dropped, (unsigned long long)skel->bss->holds);
	tinyskel_ringbuf_poller_close(&p);
	tinyskel_ringbuf_close(&ring);
	rb4g__destroy(skel);
	return check_exit();
}
