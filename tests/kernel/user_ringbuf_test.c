/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * user_ringbuf_test.c - user_ringbuf.c against the real kernel: records
 * written here are drained by urb.bpf.c (bpf_user_ringbuf_drain on our
 * getppid()), which sums them: exact counts and sums, discarded records
 * skipped, a reserved-not-submitted record holding back the ones after
 * it, a full ring refused with -ENOSPC then usable again once drained.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"
#include "proc_fds.h"
#include "urb.lskel.h"

static struct urb *skel;

static void drain(void)
{
	syscall(SYS_getppid);
}

static int put(struct tinyskel_user_ringbuf *rb, uint64_t v, int discard)
{
	int err;
	uint64_t *p = tinyskel_user_ringbuf_reserve(rb, sizeof(*p), &err);

	if (!p)
		return err;
	*p = v;
	if (discard)
		tinyskel_user_ringbuf_discard(rb, p);
	else
		tinyskel_user_ringbuf_submit(rb, p);
	return 0;
}

int main(void)
{
	struct tinyskel_user_ringbuf rb;
	struct tinyskel_result res;
	uint64_t want = 0, *held;
	int i, err, fit = 0, fds = count_fds();

	if (geteuid() != 0) {
		printf("needs root to load BPF programs\n");
		return 77;
	}
#ifndef __x86_64__
	printf("urb.bpf.c filters on x86-64's getppid number\n");
	return 77;
#endif
	skel = urb__open_and_load();
	if (!skel || urb__attach(skel)) {
		printf("load/attach failed: %s\n", skel ? skel->result.reason : "open");
		return 1;
	}
	skel->data->drain_tid = (int)syscall(SYS_gettid);

	check_ctx = "open";
	CHECK_INT(tinyskel_user_ringbuf_open(&rb, skel->maps.urb.map_fd, &res), 0);
	CHECK_INT(rb.size, 4096);
	CHECK_INT(tinyskel_user_ringbuf_free(&rb), 4096);

	check_ctx = "100 records, every 10th discarded";
	for (i = 0; i < 100; i++) {
		CHECK_INT(put(&rb, 1000 + i, i % 10 == 0), 0);
		if (i % 10)
			want += 1000 + i;
	}
	drain();
	CHECK_INT(skel->bss->last_ret, 90);
	CHECK_INT(skel->bss->got, 90);
	CHECK_INT(skel->bss->sum, want);
	CHECK_INT(skel->bss->bad, 0);
	CHECK_INT(tinyskel_user_ringbuf_free(&rb), 4096);

	check_ctx = "a reserved record holds back the next";
	held = tinyskel_user_ringbuf_reserve(&rb, 8, &err);
	CHECK(held != NULL);
	CHECK_INT(put(&rb, 7, 0), 0);
	drain();
	CHECK_INT(skel->bss->got, 90);
	if (held) {
		*held = 5;
		tinyskel_user_ringbuf_submit(&rb, held);
	}
	drain();
	CHECK_INT(skel->bss->got, 92);
	CHECK_INT(skel->bss->sum, want + 12);

	check_ctx = "full ring";
	while ((err = put(&rb, 1, 0)) == 0)
		fit++;
	CHECK_INT(err, -ENOSPC);
	CHECK_INT(fit, 4096 / 16);
	CHECK_INT(tinyskel_user_ringbuf_free(&rb), 0);
	drain();
	CHECK_INT(skel->bss->got, 92 + fit);
	CHECK_INT(put(&rb, 1, 0), 0);
	CHECK(tinyskel_user_ringbuf_reserve(&rb, 4096, &err) == NULL);
	CHECK_INT(err, -E2BIG);

	check_ctx = "not a user ring buffer";
	tinyskel_user_ringbuf_close(&rb);
	CHECK_INT(tinyskel_user_ringbuf_open(&rb, skel->maps.bss.map_fd, &res), -EINVAL);
	CHECK(strstr(res.reason, "USER_RINGBUF") != NULL);
	urb__destroy(skel);
	check_ctx = "fds";
	CHECK_INT(count_fds(), fds);
	printf("user ring buffer: %llu records drained by the program, sum exact\n",
	       (unsigned long long)(92 + fit));
	return check_exit();
}
