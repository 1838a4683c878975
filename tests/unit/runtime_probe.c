/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* runtime_probe.c - a probe that fails for a reason of the process is no
 * answer about the kernel (issue 11, items 3 and 10): it is reported at
 * step probe and never cached, so the next load probes again and gets the
 * exclusive metadata map the kernel supports. */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "fake_sys.h"
#include "test_skel.h"
#include "tinyskel_uapi.h"

extern int fake_bad_closes;
static struct test_skel skel;

static int load(uint32_t policy)
{
	struct tinyskel_opts opts = { .sz = sizeof(opts), .policy = policy };

	tinyskel_init(&test_info_signed, &skel);
	return tinyskel_load(&test_info_signed, &skel, &opts, &skel.result);
}

/* attr size of the metadata map's BPF_MAP_CREATE: 92 exclusive, 72 plain */
static unsigned meta_map_size(void)
{
	int i;

	for (i = 0; i < fake.ncalls && i < FAKE_MAX_CALLS; i++) {
		const struct tsk_attr_map_create *a = (const void *)fake.rec[i].attr;

		if (fake.rec[i].call == FAKE_BPF && fake.rec[i].cmd == TSK_BPF_MAP_CREATE &&
		    a->value_size == sizeof(test_data))
			return fake.rec[i].size;
	}
	return 0;
}

static void test_transient(void)
{
	static const int errs[] = { -EMFILE, -ENFILE, -ENOMEM, -EAGAIN, -EINTR, -EPERM };
	struct tinyskel_features f;
	size_t i;

	for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		check_ctx = strerror(-errs[i]);
		fake_reset(&test_info_signed);
		/* call 0: the device guard's pin (none here: ENOENT), 1: the
		 * SYSCALL-program probe, 2: its close, 3: the exclusive-map probe */
		fake.fail_at = 3;
		fake.fail_err = errs[i];
		CHECK_INT(load(TINYSKEL_POLICY_ALLOW_UNSIGNED), errs[i]);
		CHECK_INT(skel.result.step, TINYSKEL_STEP_PROBE);
		CHECK_REASON(skel.result, "probe");
		CHECK_INT(meta_map_size(), 0); /* nothing created past the probes */
		CHECK_INT(fake.open_fds, 0);
		tinyskel_destroy(&test_info_signed, &skel);

		/* the process recovered: the kernel's answers, exclusive map */
		fake.ncalls = 0;
		fake.fail_at = -1;
		CHECK_INT(load(TINYSKEL_POLICY_ALLOW_UNSIGNED), 0);
		CHECK_INT(fake_count(FAKE_BPF, TSK_BPF_PROG_LOAD) > 1, 1); /* probed again */
		CHECK_INT(meta_map_size(), 92);
		CHECK_INT(tinyskel_probe(&f), 0);
		CHECK_INT(f.probed, 1);
		CHECK_INT(f.excl_maps, 1);
		tinyskel_destroy(&test_info_signed, &skel);
		CHECK_INT(fake.open_fds, 0);
		CHECK_INT(fake_bad_closes, 0);
	}
}

/* As non-root every probe gets EPERM: say so, at step probe, not "kernel
 * cannot verify signatures" at step policy. */
static void test_not_root(void)
{
	struct tinyskel_features f;

	check_ctx = "not root";
	fake_reset(&test_info_signed);
	fake.fail_cmd = TSK_BPF_PROG_LOAD;
	fake.fail_err = -EPERM;
	CHECK_INT(tinyskel_probe(&f), -EPERM);
	CHECK_INT(f.probed, 0);
	CHECK_INT(load(TINYSKEL_POLICY_REQUIRE_SIGNED), -EPERM);
	CHECK_INT(skel.result.step, TINYSKEL_STEP_PROBE);
	CHECK_REASON(skel.result, "CAP_BPF / root");
	CHECK_INT(fake.open_fds, 0);
}

/* A kernel's own answers are still cached: EINVAL (no exclusive maps) and
 * the load-time kernel's EPERM for the plain map of the signed probe. */
static void test_kernel_answers_cached(void)
{
	check_ctx = "kernel answers cached";
	fake_reset(&test_info_signed);
	fake.probe_sig_err = -EPERM; /* load-time kernel */
	fake.verify_err = 0;
	CHECK_INT(load(TINYSKEL_POLICY_REQUIRE_SIGNED), 0);
	CHECK_INT(skel.result.scheme, TINYSKEL_SCHEME_LOADTIME);
	tinyskel_destroy(&test_info_signed, &skel);
	fake.ncalls = 0;
	CHECK_INT(load(TINYSKEL_POLICY_REQUIRE_SIGNED), 0);
	CHECK_INT(fake_count(FAKE_BPF, TSK_BPF_PROG_LOAD), 1); /* no probe */
	tinyskel_destroy(&test_info_signed, &skel);
	CHECK_INT(fake.open_fds, 0);
}

int main(void)
{
#ifdef CONFIG_PROBE_NONE
	/* No load probes (runtime_load.c: test_probe_none). */
	puts("skipped: CONFIG_PROBE_NONE");
	return 0;
#endif
	test_transient();
	test_not_root();
	test_kernel_answers_cached();
	return check_exit();
}
