/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* runtime_fd.c - fd 0 keeps meaning "none" (issue 11, item 9): with the
 * app's standard fds closed, the fake kernel hands out the lowest free
 * numbers as a real one does, and still every fd of the load, of the
 * loader's own maps and programs and of every link is >= 3; the holes are
 * free again afterwards. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fake_sys.h"
#include "test_skel.h"
#include "tinyskel_uapi.h"

extern int fake_bad_closes;
static struct test_skel skel;

static int lowest_skel_fd(void)
{
	const int *fds = (const int *)(const void *)&skel.maps;
	int m = 1 << 30;
	size_t i;

	/* map descs are 16 bytes (fd first), prog descs 4 */
	for (i = 0; i < 3; i++)
		m = fds[i * 4] < m ? fds[i * 4] : m;
	fds = (const int *)(const void *)&skel.progs;
	for (i = 0; i < 6; i++)
		m = fds[i] < m ? fds[i] : m;
	return m;
}

/* Every fd the runtime passed to the kernel in a BPF command is >= 3. */
static int lowest_fd_passed(void)
{
	int i, m = 1 << 30;

	for (i = 0; i < fake.ncalls && i < FAKE_MAX_CALLS; i++) {
		const struct fake_rec *r = &fake.rec[i];

		if (r->call == FAKE_BPF && r->cmd == TSK_BPF_PROG_RUN)
			m = (int)((const struct tsk_attr_test_run *)(const void *)r->attr)->prog_fd < m ?
				    (int)((const struct tsk_attr_test_run *)(const void *)r->attr)->prog_fd : m;
		if (r->call == FAKE_BPF && r->cmd == TSK_BPF_MAP_FREEZE)
			m = (int)((const struct tsk_attr_map_freeze *)(const void *)r->attr)->map_fd < m ?
				    (int)((const struct tsk_attr_map_freeze *)(const void *)r->attr)->map_fd : m;
	}
	return m;
}

static void test_holes(unsigned closed)
{
	struct tinyskel_opts opts = { .sz = sizeof(opts), .policy = TINYSKEL_POLICY_UNSIGNED_ONLY };
	char ctx[48];
	uint32_t i;
	int fd;

	snprintf(ctx, sizeof(ctx), "standard fds closed: mask %#x", closed);
	check_ctx = ctx;
	fake_reset(&test_info);
	fake.std_closed = closed;
	tinyskel_init(&test_info, &skel);
	CHECK_INT(tinyskel_load(&test_info, &skel, &opts, &skel.result), 0);
	CHECK(lowest_skel_fd() >= 3);
	CHECK(lowest_fd_passed() >= 3);
	CHECK_INT(fake.open_fds, 3 + 6); /* no filler left open */
	for (i = 0; i < test_info.nr_progs; i++) {
		fd = tinyskel_attach_prog(&test_info, &skel, i);
		CHECK(fd == 0 ? test_progs[i].attach == TINYSKEL_ATTACH_NONE : fd >= 3);
	}
	tinyskel_destroy(&test_info, &skel);
	CHECK_INT(fake.open_fds, 0);
	CHECK_INT(fake.maps_mapped, 0);
	CHECK_INT(fake_bad_closes, 0);
}

/* No hole: no extra syscall. */
static void test_no_hole(void)
{
	struct tinyskel_opts opts = { .sz = sizeof(opts), .policy = TINYSKEL_POLICY_UNSIGNED_ONLY };

	check_ctx = "no hole";
	fake_reset(&test_info);
	tinyskel_init(&test_info, &skel);
	CHECK_INT(tinyskel_load(&test_info, &skel, &opts, &skel.result), 0);
	CHECK_INT(fake_count(FAKE_DUP, -1), 0);
	tinyskel_destroy(&test_info, &skel);
	CHECK_INT(fake.open_fds, 0);
}

/* Filling a hole fails (EMFILE): the load fails at map create, closes all. */
static void test_fill_fails(void)
{
	struct tinyskel_opts opts = { .sz = sizeof(opts), .policy = TINYSKEL_POLICY_UNSIGNED_ONLY };
	int i;

	check_ctx = "filling a hole fails";
	fake_reset(&test_info);
	fake.std_closed = 0x7;
	fake.fail_at = 1; /* call 0: map create, 1: the first copy */
	fake.fail_err = -EMFILE;
	tinyskel_init(&test_info, &skel);
	CHECK_INT(tinyskel_load(&test_info, &skel, &opts, &skel.result), -EMFILE);
	CHECK_INT(skel.result.step, TINYSKEL_STEP_MAP_CREATE);
	for (i = 0; i < fake.ncalls; i++)
		CHECK(fake.rec[i].call != FAKE_BPF || fake.rec[i].cmd != TSK_BPF_PROG_LOAD);
	CHECK_INT(fake.open_fds, 0);
	CHECK_INT(fake_bad_closes, 0);
}

int main(void)
{
	static const unsigned masks[] = { 0x1, 0x2, 0x4, 0x5, 0x7 };
	size_t i;

	for (i = 0; i < sizeof(masks) / sizeof(masks[0]); i++)
		test_holes(masks[i]);
	test_no_hole();
	test_fill_fails();
	return check_exit();
}
