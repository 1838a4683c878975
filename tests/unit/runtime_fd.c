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

/* Attach with a target and tinyskel_links_add() in a process whose
 * standard fds are closed (issue 23, item 3): the kernel hands the link
 * fd 0; the slot and the links array get a copy >= 3, fd 0 is free again,
 * and destroy/links_close close the link (was: fd 0 stored as "no link",
 * the program stayed attached after destroy). */
static void test_attach_low(void)
{
	struct tinyskel_opts opts = { .sz = sizeof(opts), .policy = TINYSKEL_POLICY_UNSIGNED_ONLY };
	int fds[2] = { 0, 0 }, fd, prog_fd;
	struct tinyskel_links l = TINYSKEL_LINKS(fds);

	check_ctx = "attach with a target, fds 0-2 closed";
	fake_reset(&test_info);
	fake.std_closed = 0x7;
	tinyskel_init(&test_info, &skel);
	CHECK_INT(tinyskel_load(&test_info, &skel, &opts, &skel.result), 0);
	fd = tinyskel_attach_xdp(&test_info, &skel, 5, 1, 0, &skel.result);
	CHECK(fd >= 3);
	CHECK_INT(skel.links.plain_fd, fd);
	prog_fd = skel.progs.plain.prog_fd;
	fd = tinyskel_link_xdp(prog_fd, 2, 0); /* the bare call: the kernel's number */
	CHECK_INT(fd, 0);
	fd = tinyskel_links_add(&l, fd);
	CHECK(fd >= 3);
	CHECK_INT(fds[0], fd);
	CHECK_INT(l.n, 1);
	fd = tinyskel_links_add(&l, tinyskel_link_xdp(prog_fd, 3, 0));
	CHECK(fd >= 3 && fds[1] == fd);
	/* full: the new link (fd 0 again) is closed, not leaked */
	CHECK_INT(tinyskel_links_add(&l, tinyskel_link_xdp(prog_fd, 4, 0)), -ENOSPC);
	CHECK_INT(fake.open_fds, 3 + 6 + 3);
	tinyskel_links_close(&l);
	tinyskel_destroy(&test_info, &skel);
	CHECK_INT(fake.open_fds, 0);
	CHECK_INT(fake_bad_closes, 0);

	check_ctx = "moving the link up fails";
	fake_reset(&test_info);
	fake.std_closed = 0x7;
	tinyskel_init(&test_info, &skel);
	CHECK_INT(tinyskel_load(&test_info, &skel, &opts, &skel.result), 0);
	fake.fail_at = fake.ncalls + 1; /* LINK_CREATE, then the copy */
	fake.fail_err = -EMFILE;
	CHECK_INT(tinyskel_attach_xdp(&test_info, &skel, 5, 1, 0, &skel.result), -EMFILE);
#ifdef CONFIG_ERROR_STRINGS
	CHECK(strstr(skel.result.reason, "above 2") != NULL);
#endif
	CHECK_INT(skel.links.plain_fd, 0);
	CHECK_INT(fake.open_fds, 3 + 6);
	tinyskel_destroy(&test_info, &skel);
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
	test_attach_low();
	return check_exit();
}
