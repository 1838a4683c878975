/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* runtime_attach.c - what each attach kind passes to the kernel. */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "fake_sys.h"
#include "test_skel.h"
#include "tinyskel_uapi.h"

extern int fake_bad_closes;
static struct test_skel skel;

static void loaded(void)
{
	struct tinyskel_opts opts = { .sz = sizeof(opts), .policy = TINYSKEL_POLICY_ALLOW_UNSIGNED };

	fake_reset(&test_info);
	tinyskel_init(&test_info, &skel);
	CHECK_INT(tinyskel_load(&test_info, &skel, &opts, &skel.result), 0);
	fake.ncalls = 0;
}

static const struct fake_rec *rec(int i)
{
	return i < fake.ncalls ? &fake.rec[i] : NULL;
}

/* Issue 11: a kprobe offset is all of what follows '+' (func+12abc was
 * read as 12), and a function given a kind it does not attach (the kprobe
 * path with a NULL target crashed in strchr) refuses before any syscall. */
static void test_bad_targets(void)
{
	static const char *const bad[] = { "do_nanosleep+12abc", "do_nanosleep+0x", "do_nanosleep+",
					   "do_nanosleep+0x1g", "+16" };
	struct tinyskel_prog_info p = test_progs[2];
	size_t i;

	check_ctx = "kprobe targets";
	fake_reset(&test_info);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		p.target = bad[i];
		CHECK_INT(tinyskel_attach_perf(&p, 5), -EINVAL);
	}
	p.target = "do_nanosleep+12";
	CHECK(tinyskel_attach_perf(&p, 5) >= 3);
	CHECK_INT(fake_count(FAKE_PERF, -1), 1);

	check_ctx = "kind the function does not attach";
	fake_reset(&test_info);
	p.attach = TINYSKEL_ATTACH_TRACING;
	p.target = NULL;
	CHECK_INT(tinyskel_attach_perf(&p, 5), -EINVAL);
	p.attach = TINYSKEL_ATTACH_KPROBE;
	CHECK_INT(tinyskel_attach_perf(&p, 5), -EINVAL); /* no target */
	p.attach = TINYSKEL_ATTACH_KPROBE;
	CHECK_INT(tinyskel_attach_raw_tp(&p, 5), -EINVAL);
	CHECK_INT(tinyskel_attach_iter(&p, 5), -EINVAL);
	CHECK_INT(tinyskel_attach_tracing(&p, 5), -EINVAL);
	CHECK_INT(fake.ncalls, 0);
	/* check-only calls make no syscall */
	CHECK_INT(tinyskel_attach_perf(&test_progs[2], TINYSKEL_ATTACH_CHECK), 0);
	CHECK_INT(tinyskel_attach_raw_tp(&test_progs[0], TINYSKEL_ATTACH_CHECK), 0);
	CHECK_INT(tinyskel_attach_iter(&test_progs[4], TINYSKEL_ATTACH_CHECK), 0);
	CHECK_INT(fake.ncalls, 0);
}

int main(void)
{
	const struct fake_rec *r;
	int fd;

	check_ctx = "raw tracepoint";
	loaded();
	fd = tinyskel_attach_prog(&test_info, &skel, 0);
	CHECK(fd > 0);
	CHECK_INT(skel.links.on_raw_fd, fd);
	r = rec(0);
	CHECK(r && r->cmd == TSK_BPF_RAW_TRACEPOINT_OPEN);
	if (r) {
		const struct tsk_attr_raw_tp *a = (const void *)r->attr;

		CHECK_STR((const char *)(uintptr_t)a->name, "sys_enter");
		CHECK_INT(a->prog_fd, skel.progs.on_raw.prog_fd);
	}
	/* attached already: the same link back, no second attach */
	fake.ncalls = 0;
	CHECK_INT(tinyskel_attach_prog(&test_info, &skel, 0), fd);
	CHECK_INT(fake.ncalls, 0);

	check_ctx = "tracepoint";
	fake.ncalls = 0;
	fd = tinyskel_attach_prog(&test_info, &skel, 1);
	CHECK(fd > 0);
	CHECK_INT(fake.rec[0].call, FAKE_READ);
	r = rec(1);
	CHECK(r && r->call == FAKE_PERF);
	if (r) {
		const struct tsk_perf_event_attr *a = (const void *)r->attr;

		CHECK_INT(a->type, TSK_PERF_TYPE_TRACEPOINT);
		CHECK_INT(a->config, 309);
		CHECK_INT(a->size, 72);
	}
	r = rec(2);
	CHECK(r && r->cmd == TSK_BPF_LINK_CREATE);
	if (r) {
		const struct tsk_attr_link_create *a = (const void *)r->attr;

		CHECK_INT(a->attach_type, TSK_BPF_PERF_EVENT);
		CHECK_INT(a->prog_fd, skel.progs.on_tp.prog_fd);
		CHECK_INT(a->target_fd, rec(1)->ret);
		CHECK_INT(r->size, 16);
	}
	CHECK_INT(rec(3)->call, FAKE_CLOSE); /* the link holds the perf event */
	CHECK_INT(rec(3)->cmd, rec(1)->ret);

	check_ctx = "kprobe with offset";
	fake.ncalls = 0;
	CHECK(tinyskel_attach_prog(&test_info, &skel, 2) > 0);
	r = rec(1);
	CHECK(r && r->call == FAKE_PERF);
	if (r) {
		const struct tsk_perf_event_attr *a = (const void *)r->attr;

		CHECK_INT(a->type, 6);
		CHECK_INT(a->config, 0);
		CHECK_INT(a->config2, 0x10);
		CHECK(a->config1 != 0);
	}

	check_ctx = "kretprobe";
	fake.ncalls = 0;
	CHECK(tinyskel_attach_prog(&test_info, &skel, 3) > 0);
	r = rec(2);
	CHECK(r && r->call == FAKE_PERF);
	if (r)
		CHECK_INT(((const struct tsk_perf_event_attr *)r->attr)->config, 1); /* retprobe bit 0 */

	check_ctx = "iterator";
	fake.ncalls = 0;
	CHECK(tinyskel_attach_prog(&test_info, &skel, 4) > 0);
	r = rec(0);
	CHECK(r && r->cmd == TSK_BPF_LINK_CREATE);
	if (r)
		CHECK_INT(((const struct tsk_attr_link_create *)r->attr)->attach_type, TSK_BPF_TRACE_ITER);

	check_ctx = "no auto-attach";
	CHECK_INT(tinyskel_attach_prog(&test_info, &skel, 5), 0);
	CHECK_INT(tinyskel_attach_prog(&test_info, &skel, 6), -EINVAL);

	check_ctx = "detach closes every link";
	tinyskel_detach(&test_info, &skel);
	CHECK_INT(skel.links.on_raw_fd, 0);
	CHECK_INT(fake.open_fds, 3 + 6);

	check_ctx = "perf link missing: ioctl fallback";
	fake.fail_cmd = TSK_BPF_LINK_CREATE;
	fake.fail_err = -EINVAL;
	fake.ncalls = 0;
	fd = tinyskel_attach_prog(&test_info, &skel, 1);
	CHECK(fd > 0);
	CHECK_INT(fd, rec(1)->ret); /* the perf event fd is the attachment */
	CHECK_INT(fake_count(FAKE_IOCTL, -1), 2);
	CHECK_INT(rec(3)->cmd, (int)(TSK_PERF_EVENT_IOC_SET_BPF & 0xffff));
	CHECK_INT(rec(4)->cmd, (int)(TSK_PERF_EVENT_IOC_ENABLE & 0xffff));
	fake.fail_cmd = -1;

	check_ctx = "attach all";
	tinyskel_detach(&test_info, &skel);
	CHECK_INT(tinyskel_attach(&test_info, &skel), 0);
	CHECK(skel.links.on_raw_fd > 0 && skel.links.on_iter_fd > 0 && skel.links.plain_fd == 0);
	tinyskel_destroy(&test_info, &skel);
	CHECK_INT(fake.open_fds, 0);
	CHECK_INT(fake_bad_closes, 0);

	check_ctx = "attach before load";
	fake_reset(&test_info);
	tinyskel_init(&test_info, &skel);
	CHECK_INT(tinyskel_attach(&test_info, &skel), -EBADF);
	CHECK_INT(fake.ncalls, 0);

	test_bad_targets();
	return check_exit();
}
