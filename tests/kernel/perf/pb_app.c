// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* pb_app.c - tinyskel_perfbuf_* against the kernel: (1) 100 samples with
 * room for all: exactly 100 delivered, in order, none lost; (2) 3000 on
 * one CPU into a one-page ring, then one more after draining: delivered +
 * lost (the kernel's LOST records) = 3001 exactly, lost > 0. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "pb.lskel.h"

struct state {
	unsigned long long n, last, out_of_order, lost_calls;
};

static int on_sample(void *ctx, uint32_t cpu, const void *data, uint32_t size)
{
	struct state *s = ctx;
	unsigned long long seq;

	(void)cpu;
	if (size < 8)
		return -1;
	memcpy(&seq, data, 8);
	if (seq <= s->last)
		s->out_of_order++;
	s->last = seq;
	s->n++;
	return 0;
}

static void on_lost(void *ctx, uint32_t cpu, uint64_t lost)
{
	(void)cpu, (void)lost;
	((struct state *)ctx)->lost_calls++;
}

static struct tinyskel_perfbuf pb;
static unsigned char scratch[4096];

static int run(struct pb *skel, uint32_t pages, int calls, struct state *s)
{
	struct tinyskel_perfbuf_opts o = { on_sample, on_lost, s, scratch, sizeof(scratch) };
	struct tinyskel_result res;
	int i, err = tinyskel_perfbuf_open(&pb, skel->maps.events.map_fd, pages, &o, &res);

	if (err) {
		printf("perfbuf open: %d %s\n", err, res.reason);
		return -1;
	}
	for (i = 0; i < calls; i++)
		syscall(SYS_getppid);
	while (tinyskel_perfbuf_poll(&pb, 0) > 0)
		;
	syscall(SYS_getppid); /* the kernel reports losses with the next sample that fits */
	while (tinyskel_perfbuf_poll(&pb, 100) > 0)
		;
	tinyskel_perfbuf_consume(&pb);
	return 0;
}

int main(void)
{
	static struct pb skel;
	struct state s1 = { 0 }, s2 = { 0 };
	cpu_set_t one;
	int ok;

	CPU_ZERO(&one);
	CPU_SET(0, &one);
	sched_setaffinity(0, sizeof(one), &one); /* one ring takes every sample */
	if (pb__init(&skel) || pb__load(&skel) || pb__attach(&skel)) {
		printf("load/attach: %s\n", skel.result.reason);
		return 1;
	}
	skel.bss->target_pid = (__u32)getpid();
	if (run(&skel, 64, 100, &s1))
		return 1;
	printf("roomy ring: %llu samples of 101, %llu lost, %llu out of order, %u CPUs\n", s1.n,
	       (unsigned long long)pb.lost, s1.out_of_order, pb.nr);
	ok = s1.n == 101 && pb.lost == 0 && !s1.out_of_order && pb.too_big == 0;
	tinyskel_perfbuf_close(&pb);
	skel.bss->seq = 0;
	if (run(&skel, 1, 3000, &s2))
		return 1;
	printf("full ring: %llu samples + %llu lost = %llu of 3001 (%llu LOST records, %llu wrapped too big)\n", s2.n,
	       (unsigned long long)pb.lost, s2.n + (unsigned long long)pb.lost, s2.lost_calls,
	       (unsigned long long)pb.too_big);
	ok = ok && s2.n + pb.lost == 3001 && pb.lost > 0 && !s2.out_of_order && s2.lost_calls > 0;
	tinyskel_perfbuf_close(&pb);
	pb__deinit(&skel);
	return ok ? 0 : 1;
}
