// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * probe_test.c - the probes' answers on each kernel kind (SCHEMES.md,
 * "Telling kernels apart"), pinned, and what the runtime concludes.
 * probe_err: [0] SYSCALL program, [1] exclusive map, [2] signature_maps,
 * [3] signed load with a junk signature and a non-exclusive frozen map.
 */
#include "model_test.h"

struct want {
	const char *name;
	enum km_kernel kind;
	uint32_t union_size;
	int nonexcl_einval;
	int no_verification;
	int err[4];
	uint32_t excl_maps, signature_maps, verify, loadtime;
};

static const struct want wants[] = {
	/* this machine: E2BIG for signature_maps, EOPNOTSUPP for any signed load */
	{ "6.18 no verification", KM_6_18_NOVERIFY, 0, 0, 0, { 0, 0, -E2BIG, -EOPNOTSUPP }, 1, 0, 0, 0 },
	{ "6.18 verifying", KM_6_18_VERIFY, 0, 0, 0, { 0, 0, -E2BIG, -EBADMSG }, 1, 0, 1, 0 },
	{ "6.18 + hash chain", KM_CHAIN, 0, 0, 0, { 0, 0, 0, -EBADMSG }, 1, 1, 1, 0 },
	{ "load-time (7.3)", KM_LOADTIME, 0, 0, 0, { 0, 0, -E2BIG, -EPERM }, 1, 0, 1, 1 },
	{ "load-time, early revision", KM_LOADTIME, 0, 1, 0, { 0, 0, -E2BIG, -EINVAL }, 1, 0, 1, 1 },
	/* the chain patch without SYSTEM_DATA_VERIFICATION: the signature is
	 * looked at first, so the probe sees EOPNOTSUPP */
	{ "6.18 + hash chain, no verification", KM_CHAIN, 0, 0, 1, { 0, 0, 0, -EOPNOTSUPP }, 1, 1, 0, 0 },
	/* a kernel whose union bpf_attr is larger answers EINVAL, not E2BIG */
	{ "6.18 verifying, larger union", KM_6_18_VERIFY, 192, 0, 0, { 0, 0, -EINVAL, -EBADMSG }, 1, 0, 1, 0 },
	/* before 6.18: no exclusive maps (EINVAL), no signature fields; the
	 * signed-load probe is not even tried */
	{ "pre-6.18", KM_PRE_6_18, 0, 0, 0, { 0, -EINVAL, -E2BIG, 0 }, 0, 0, 0, 0 },
};

static void test_answers(void)
{
	size_t i;

	for (i = 0; i < sizeof(wants) / sizeof(wants[0]); i++) {
		const struct want *w = &wants[i];
		struct km_config cfg = kind_cfg(w->kind);
		struct tinyskel_features f;
		int j;

		check_ctx = w->name;
		cfg.union_size = w->union_size;
		cfg.loadtime_nonexcl_einval = w->nonexcl_einval;
		cfg.no_verification = w->no_verification;
		setup_cfg(&cfg, NULL);
		CHECK_INT(tinyskel_probe(&f), 0);
		CHECK_INT(f.probed, 1);
		CHECK_INT(f.prog_syscall, 1);
		for (j = 0; j < 4; j++)
			CHECK_INT(f.probe_err[j], w->err[j]);
		CHECK_INT(f.excl_maps, w->excl_maps);
		CHECK_INT(f.signature_maps, w->signature_maps);
		CHECK_INT(f.verify, w->verify);
		CHECK_INT(f.loadtime, w->loadtime);
		/* Probes leave nothing open. */
		CHECK_INT(km_open_fds(), 0);
		CHECK_INT(km_stats()->bad_closes, 0);
	}
}

/* Once per process: a second probe and later loads make no probe call;
 * tinyskel_probe_reset() asks again. */
static void test_cached(void)
{
	struct tinyskel_opts o = policy_opts(TINYSKEL_POLICY_REQUIRE_SIGNED);
	const struct km_stats *st = km_stats();
	struct tinyskel_features f;
	unsigned int loads, creates;

	check_ctx = "probe cache";
	setup(KM_CHAIN, counter_rsa__info());
	EXPECT_OK(counter_rsa__info(), &o, TINYSKEL_SCHEME_CHAIN);
	/* three 2-instruction probe loads, two probe maps (exclusive, signed) */
	CHECK_INT(st->probe_loads, 3);
	loads = st->calls[TSK_BPF_PROG_LOAD];
	creates = st->calls[TSK_BPF_MAP_CREATE];
	CHECK_INT(loads, 4);
	CHECK_INT(creates, 3);
	EXPECT_OK(counter_rsa__info(), &o, TINYSKEL_SCHEME_CHAIN);
	CHECK_INT(tinyskel_probe(&f), 0);
	CHECK_INT(st->probe_loads, 3);
	CHECK_INT(st->calls[TSK_BPF_PROG_LOAD], loads + 1);
	CHECK_INT(st->calls[TSK_BPF_MAP_CREATE], creates + 1);
	tinyskel_probe_reset();
	CHECK_INT(tinyskel_probe(&f), 0);
	CHECK_INT(st->probe_loads, 6);
	/* Nothing probed for unsigned-only loads or headers without signatures. */
	setup(KM_CHAIN, counter_rsa__info());
	o = policy_opts(TINYSKEL_POLICY_UNSIGNED_ONLY);
	EXPECT_OK(counter_rsa__info(), &o, TINYSKEL_SCHEME_NONE);
	CHECK_INT(st->probe_loads, 0);
}

/* A probe that fails at the syscall level is an answer, not a crash:
 * the signed-load probe's map cannot be made -> no verification. */
static void test_probe_faults(void)
{
	struct tinyskel_features f;

	check_ctx = "probe faults";
	setup(KM_CHAIN, NULL);
	km_fail(TSK_BPF_MAP_FREEZE, 1, -EBUSY);
	tinyskel_probe(&f);
	CHECK_INT(f.probe_err[3], -EBUSY);
	CHECK_INT(f.verify, 0);
	CHECK_INT(f.signature_maps, 1);
	CHECK_INT(km_open_fds(), 0);
}

int main(void)
{
	test_answers();
	test_cached();
	test_probe_faults();
	km_cleanup();
	return check_exit();
}
