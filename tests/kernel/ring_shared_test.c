/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * ring_shared_test.c - a second process writes the shared positions of a
 * ring (issue 23, item 2).
 *
 * The ring buffer map is pinned on a bpffs this test mounts in a private
 * mount namespace; a forked process opens the pin read-write, maps the
 * consumer page and moves our position:
 *   - to 8, into the payload of a record whose first word is 0x3ffffff0
 *     (feat.bpf.c writes its sequence number there; we start it at that
 *     value): the review's consumer handed the callback size 1073741808 on
 *     a 4 KiB ring and died of SIGBUS reading it;
 *   - ahead of the producer (was a walk of 2^32 bytes of stale records);
 *   - to 4 (not 8-byte aligned);
 * each time the consume, run in a child so a crash is reported rather
 * than fatal, stops with -EBADMSG, delivers nothing, leaves the position
 * as it found it and says why.  Put back to 0, both records come, intact.
 * A read-only opener of the pin cannot map the consumer page writable.
 * The user ring buffer's producer page likewise: a misaligned or
 * too-far producer position makes reserve fail (-EBADMSG), writing nothing;
 * put back, a record reaches the program.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "feat.lskel.h"
#include "urb.lskel.h"

static char dir[] = "/tmp/tsk-ring.XXXXXX";

/* A second process: open the pin, map the page at `off` writable, store `pos` there. */
static int write_pos(const char *pin, long off, uint64_t pos)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		int fd = tinyskel_pinned_open(pin, 0, NULL);
		void *p;

		if (fd < 0)
			_exit(2);
		p = mmap(NULL, (size_t)getpagesize(), PROT_READ | PROT_WRITE, MAP_SHARED, fd, off);
		if (p == MAP_FAILED)
			_exit(3);
		*(volatile uint64_t *)p = pos;
		_exit(0);
	}
	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct got { int ret, n, sig; uint32_t max; uint64_t sum, pos; char why[160]; };

static uint32_t max_size;
static uint64_t sum;

static int on_record(void *ctx, const void *data, uint32_t size)
{
	const volatile uint8_t *b = data;
	uint32_t i;

	(void)ctx;
	if (size > max_size)
		max_size = size;
	for (i = 0; i < size; i++) /* read every byte the consumer hands us */
		sum += b[i];
	return 0;
}

/* Consume in a child (a SIGBUS there is a result, not the end of the test). */
static struct got consume(struct tinyskel_ringbuf *rb)
{
	struct got g;
	int p[2], status;
	pid_t pid;

	memset(&g, 0, sizeof(g));
	if (pipe(p))
		return g;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		max_size = 0;
		g.ret = tinyskel_ringbuf_consume(rb);
		g.n = (int)rb->records;
		g.max = max_size;
		g.pos = *(volatile uint64_t *)rb->consumer;
		snprintf(g.why, sizeof(g.why), "%s", rb->error ? rb->error : "(none)");
		if (write(p[1], &g, sizeof(g)) != (ssize_t)sizeof(g))
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	if (pid < 0 || read(p[0], &g, sizeof(g)) != (ssize_t)sizeof(g))
		g.ret = 1000;
	close(p[0]);
	if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFSIGNALED(status))
		g.sig = WTERMSIG(status);
	return g;
}

static void ring(void)
{
	struct tinyskel_ringbuf rb;
	struct tinyskel_result res;
	struct feat *skel;
	char pin[128];
	struct got g;
	uint64_t prod;
	int fd;

	check_ctx = "ring buffer";
	skel = feat__open_and_load();
	CHECK(skel != NULL);
	if (!skel)
		return;
	CHECK_INT(feat__attach(skel), 0);
	skel->bss->use_small = 1; /* the 4 KiB ring */
	skel->bss->produced = 0x3ffffff0;
	skel->data->producer_tid = (int)syscall(SYS_gettid);
	syscall(SYS_getppid);
	syscall(SYS_getppid);
	skel->data->producer_tid = -1;
	snprintf(pin, sizeof(pin), "%s/small", dir);
	CHECK_INT(tinyskel_pin(skel->maps.small.map_fd, pin, &res), 0);
	CHECK_INT(tinyskel_ringbuf_open(&rb, skel->maps.small.map_fd, on_record, NULL, &res), 0);
	if (!rb.producer)
		goto out;
	prod = *(const volatile uint64_t *)rb.producer;
	CHECK_INT(prod, 32); /* two records of 8 + 8 bytes */

	{
		static const struct { const char *what; uint64_t pos; const char *why; } moves[] = {
			{ "into a payload whose first word is 0x3ffffff0", 8, "longer than the ring" },
			{ "ahead of the producer", 32 + 64, "ahead of the producer" },
			{ "not 8-byte aligned", 4, "aligned" },
			{ "more than a ring behind", (uint64_t)32 - 4096 - 8, "a ring behind" },
		};
		size_t i;

		for (i = 0; i < sizeof(moves) / sizeof(moves[0]); i++) {
			check_ctx = moves[i].what;
			CHECK_INT(write_pos(pin, 0, moves[i].pos), 0);
			g = consume(&rb);
			printf("consumer position %s (%llu): consume %d, %d delivered, largest size %u, signal %d: %s\n",
			       moves[i].what, (unsigned long long)moves[i].pos, g.ret, g.n, g.max, g.sig, g.why);
			CHECK_INT(g.sig, 0);
			CHECK_INT(g.ret, -EBADMSG);
			CHECK_INT(g.n, 0);
			CHECK(g.pos == moves[i].pos);
			CHECK(strstr(g.why, moves[i].why) != NULL); /* the host build keeps its reasons */
		}
	}
	check_ctx = "put back by the second process";
	CHECK_INT(write_pos(pin, 0, 0), 0);
	g = consume(&rb);
	CHECK_INT(g.sig, 0);
	CHECK_INT(g.ret, 2);
	CHECK_INT(g.max, 8);
	CHECK(g.pos == 32);

	check_ctx = "a read-only opener";
	fd = tinyskel_pinned_open(pin, TINYSKEL_PIN_RDONLY, &res);
	CHECK(fd >= 3);
	if (fd >= 0) {
		void *p = mmap(NULL, (size_t)getpagesize(), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

		CHECK(p == MAP_FAILED);
		if (p != MAP_FAILED)
			munmap(p, (size_t)getpagesize());
		close(fd);
	}
	tinyskel_ringbuf_close(&rb);
out:
	tinyskel_unpin(pin, NULL);
	feat__destroy(skel);
}

static void user_ring(void)
{
	struct tinyskel_user_ringbuf rb;
	struct tinyskel_result res;
	struct urb *skel;
	uint64_t *v;
	char pin[128];
	int err;
	long page = getpagesize();

	check_ctx = "user ring buffer";
	skel = urb__open_and_load();
	CHECK(skel != NULL);
	if (!skel)
		return;
	CHECK_INT(urb__attach(skel), 0);
	snprintf(pin, sizeof(pin), "%s/urb", dir);
	CHECK_INT(tinyskel_pin(skel->maps.urb.map_fd, pin, &res), 0);
	CHECK_INT(tinyskel_user_ringbuf_open(&rb, skel->maps.urb.map_fd, &res), 0);
	if (!rb.producer)
		goto out;
	check_ctx = "producer position misaligned by another process";
	CHECK_INT(write_pos(pin, page, 4), 0);
	CHECK(tinyskel_user_ringbuf_reserve(&rb, 8, &err) == NULL);
	CHECK_INT(err, -EBADMSG);
	printf("user ring, producer position 4: reserve %d: %s\n", err, rb.error ? rb.error : "(none)");
	check_ctx = "producer position a ring ahead";
	CHECK_INT(write_pos(pin, page, 4096 + 16), 0);
	CHECK(tinyskel_user_ringbuf_reserve(&rb, 8, &err) == NULL);
	CHECK_INT(err, -EBADMSG);
	CHECK_INT(tinyskel_user_ringbuf_free(&rb), 0);
	check_ctx = "put back";
	CHECK_INT(write_pos(pin, page, 0), 0);
	v = tinyskel_user_ringbuf_reserve(&rb, sizeof(*v), &err);
	CHECK(v != NULL);
	if (v) {
		*v = 4242;
		tinyskel_user_ringbuf_submit(&rb, v);
	}
	skel->data->drain_tid = (int)syscall(SYS_gettid);
	syscall(SYS_getppid);
	skel->data->drain_tid = -1;
	CHECK_INT(skel->bss->got, 1);
	CHECK_INT(skel->bss->sum, 4242);
	tinyskel_user_ringbuf_close(&rb);
out:
	tinyskel_unpin(pin, NULL);
	urb__destroy(skel);
}

int main(void)
{
	if (geteuid() != 0) {
		printf("needs root to load BPF programs\n");
		return 77;
	}
#ifndef __x86_64__
	printf("feat.bpf.c and urb.bpf.c filter on x86-64's getppid number\n");
	return 77;
#endif
	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) || !mkdtemp(dir) ||
	    mount("bpf", dir, "bpf", 0, "mode=0700")) {
		printf("cannot mount a private bpffs: %s\n", strerror(errno));
		return 77;
	}
	ring();
	user_ring();
	umount(dir);
	rmdir(dir);
	return check_exit();
}
