// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * policy_test.c - which scheme the runtime picks on each kernel kind, and
 * when it may load unsigned: never unless the policy allows it, and then
 * always saying so (res.scheme none, a reason naming the unsigned load).
 */
#include "model_test.h"

static struct tinyskel_opts pol(uint32_t policy)
{
	return policy_opts(policy);
}

/* The strongest scheme both sides support, RSA and ECDSA alike. */
static void test_pick(void)
{
	static const struct {
		enum km_kernel kind;
		uint32_t scheme;
		const char *name;
	} picks[] = {
		{ KM_CHAIN, TINYSKEL_SCHEME_CHAIN, "chain kernel" },
		{ KM_LOADTIME, TINYSKEL_SCHEME_LOADTIME, "load-time kernel" },
		{ KM_6_18_VERIFY, TINYSKEL_SCHEME_INLOADER, "6.18 verifying" },
	};
	struct tinyskel_opts o = pol(TINYSKEL_POLICY_REQUIRE_SIGNED);
	size_t i;

	for (i = 0; i < sizeof(picks) / sizeof(picks[0]); i++) {
		check_ctx = picks[i].name;
		setup(picks[i].kind, counter_rsa__info());
		EXPECT_OK(counter_rsa__info(), &o, picks[i].scheme);
		CHECK_INT(km_stats()->last_load.signed_, 1);
		CHECK_INT(km_stats()->last_load.keyring_id, 0); /* Kconfig: builtin */
		setup(picks[i].kind, counter_ecdsa__info());
		EXPECT_OK(counter_ecdsa__info(), &o, picks[i].scheme);
		/* ALLOW_UNSIGNED changes nothing where a signature verifies. */
		o = pol(TINYSKEL_POLICY_ALLOW_UNSIGNED);
		setup(picks[i].kind, counter_rsa__info());
		EXPECT_OK(counter_rsa__info(), &o, picks[i].scheme);
		o = pol(TINYSKEL_POLICY_REQUIRE_SIGNED);
	}
}

/* This machine's kernel: signed header refused unless the policy allows
 * an unsigned load; allowed, it says so. */
static void test_no_verify(void)
{
	struct tinyskel_opts o = pol(TINYSKEL_POLICY_REQUIRE_SIGNED);
	struct tinyskel_result r;
	const struct km_stats *st = km_stats();

	check_ctx = "6.18 without verification";
	setup(KM_6_18_NOVERIFY, counter_rsa__info());
	EXPECT_LOAD(counter_rsa__info(), &o, -EOPNOTSUPP, TINYSKEL_STEP_POLICY, TINYSKEL_SCHEME_NONE);
	CHECK_INT(st->calls[TSK_BPF_PROG_LOAD], st->probe_loads); /* no loader sent */
	try_load(counter_rsa__info(), &o, &r);
	CHECK(strstr(r.reason, "cannot verify") != NULL);

	o = pol(TINYSKEL_POLICY_ALLOW_UNSIGNED);
	setup(KM_6_18_NOVERIFY, counter_rsa__info());
	EXPECT_OK(counter_rsa__info(), &o, TINYSKEL_SCHEME_NONE);
	try_load(counter_rsa__info(), &o, &r);
	CHECK(strstr(r.reason, "loaded unsigned") != NULL);
	CHECK_INT(st->last_load.signed_, 0);
	CHECK_INT(st->last_load.attr_size, 144);
	CHECK_INT(st->last_map_exclusive, 1); /* still exclusive where the kernel can */

#ifdef CONFIG_POLICY_ALLOW_UNSIGNED
	/* The build's default (this host's Kconfig allows unsigned). */
	o = pol(TINYSKEL_POLICY_DEFAULT);
	EXPECT_OK(counter_rsa__info(), &o, TINYSKEL_SCHEME_NONE);
	EXPECT_OK(counter_rsa__info(), NULL, TINYSKEL_SCHEME_NONE);
#else
	o = pol(TINYSKEL_POLICY_DEFAULT);
	EXPECT_LOAD(counter_rsa__info(), &o, -EOPNOTSUPP, TINYSKEL_STEP_POLICY, TINYSKEL_SCHEME_NONE);
#endif
}

/* Before 6.18: nothing verifies and maps cannot be exclusive. */
static void test_pre_618(void)
{
	struct tinyskel_opts o = pol(TINYSKEL_POLICY_REQUIRE_SIGNED);

	check_ctx = "pre-6.18";
	setup(KM_PRE_6_18, counter_rsa__info());
	EXPECT_LOAD(counter_rsa__info(), &o, -EOPNOTSUPP, TINYSKEL_STEP_POLICY, TINYSKEL_SCHEME_NONE);
	o = pol(TINYSKEL_POLICY_ALLOW_UNSIGNED);
	setup(KM_PRE_6_18, counter_rsa__info());
	EXPECT_OK(counter_rsa__info(), &o, TINYSKEL_SCHEME_NONE);
	CHECK_INT(km_stats()->last_map_exclusive, 0);
	CHECK_INT(km_stats()->last_load.attr_size, 144);
	/* A forced signed scheme meets the kernel's E2BIG (or EINVAL for
	 * the exclusive map it needs). */
	o = pol(TINYSKEL_POLICY_REQUIRE_SIGNED);
	o.force_scheme = TINYSKEL_SCHEME_CHAIN + 1;
	setup(KM_PRE_6_18, counter_rsa__info());
	EXPECT_LOAD(counter_rsa__info(), &o, -E2BIG, TINYSKEL_STEP_PROG_LOAD, TINYSKEL_SCHEME_CHAIN);
	o.force_scheme = TINYSKEL_SCHEME_LOADTIME + 1;
	setup(KM_PRE_6_18, counter_rsa__info());
	EXPECT_LOAD(counter_rsa__info(), &o, -EINVAL, TINYSKEL_STEP_MAP_CREATE, TINYSKEL_SCHEME_LOADTIME);
}

/* A kernel that verifies, but none of the header's schemes. */
static void test_no_common_scheme(void)
{
	struct tinyskel_opts o = pol(TINYSKEL_POLICY_REQUIRE_SIGNED);
	struct tinyskel_result r;
	struct tcopy c;

	check_ctx = "no common scheme";
	tc_copy(&c, counter_rsa__info());
	tc_only(&c, BIT(TINYSKEL_SCHEME_CHAIN));
	setup(KM_LOADTIME, &c.info);
	EXPECT_LOAD(&c.info, &o, -EOPNOTSUPP, TINYSKEL_STEP_POLICY, TINYSKEL_SCHEME_NONE);
	try_load(&c.info, &o, &r);
	CHECK(strstr(r.reason, "verifies no scheme") != NULL);
	o = pol(TINYSKEL_POLICY_ALLOW_UNSIGNED);
	EXPECT_OK(&c.info, &o, TINYSKEL_SCHEME_NONE);
	try_load(&c.info, &o, &r);
	CHECK(strstr(r.reason, "loaded unsigned") != NULL);
	CHECK_INT(km_stats()->last_load.signed_, 0);
	tc_free(&c);
}

static void test_forcing(void)
{
	struct tinyskel_opts o = pol(TINYSKEL_POLICY_REQUIRE_SIGNED);
	struct tcopy c;

	check_ctx = "forced schemes";
	/* A scheme the header does not carry. */
	tc_copy(&c, counter_rsa__info());
	tc_only(&c, BIT(TINYSKEL_SCHEME_CHAIN));
	setup(KM_CHAIN, &c.info);
	o.force_scheme = TINYSKEL_SCHEME_LOADTIME + 1;
	EXPECT_LOAD(&c.info, &o, -ENOENT, TINYSKEL_STEP_POLICY, TINYSKEL_SCHEME_NONE);
	/* Unsigned forced under a policy that requires a signature. */
	o.force_scheme = TINYSKEL_SCHEME_NONE + 1;
	EXPECT_LOAD(&c.info, &o, -EPERM, TINYSKEL_STEP_POLICY, TINYSKEL_SCHEME_NONE);
	/* Unsigned-only: no signature sent even where one would verify. */
	o = pol(TINYSKEL_POLICY_UNSIGNED_ONLY);
	EXPECT_OK(&c.info, &o, TINYSKEL_SCHEME_NONE);
	CHECK_INT(km_stats()->last_load.signed_, 0);
	tc_free(&c);

	/* A header with no signature at all. */
	tc_copy(&c, counter_rsa__info());
	tc_only(&c, 0);
	setup(KM_CHAIN, &c.info);
	o = pol(TINYSKEL_POLICY_REQUIRE_SIGNED);
	EXPECT_LOAD(&c.info, &o, -EPERM, TINYSKEL_STEP_POLICY, TINYSKEL_SCHEME_NONE);
	o = pol(TINYSKEL_POLICY_ALLOW_UNSIGNED);
	EXPECT_OK(&c.info, &o, TINYSKEL_SCHEME_NONE);
	tc_free(&c);
}

/*
 * A load-time kernel built without CONFIG_SYSTEM_DATA_VERIFICATION refuses
 * the probe's non-exclusive map first (EPERM), exactly as one that
 * verifies; only the PKCS#7 step says EOPNOTSUPP.  The policy still holds:
 * "allow an unsigned load when the kernel cannot verify".
 */
static void test_loadtime_cannot_verify(void)
{
	struct tinyskel_opts o = policy_opts(TINYSKEL_POLICY_ALLOW_UNSIGNED);
	struct km_config cfg = kind_cfg(KM_LOADTIME);
	struct tinyskel_result r;

	check_ctx = "load-time kernel without SYSTEM_DATA_VERIFICATION";
	cfg.no_verification = 1;
	setup_cfg(&cfg, counter_rsa__info());
	EXPECT_OK(counter_rsa__info(), &o, TINYSKEL_SCHEME_NONE);
	o = policy_opts(TINYSKEL_POLICY_REQUIRE_SIGNED);
	setup_cfg(&cfg, counter_rsa__info());
	CHECK_INT(try_load(counter_rsa__info(), &o, &r), -EOPNOTSUPP);
}

/* A verified load says so. */
static void test_reason(void)
{
	struct tinyskel_opts o = pol(TINYSKEL_POLICY_REQUIRE_SIGNED);
	struct tinyskel_result r;

	check_ctx = "reasons";
	setup(KM_CHAIN, counter_rsa__info());
	CHECK_INT(try_load(counter_rsa__info(), &o, &r), 0);
	CHECK_STR(r.reason, "loaded with a verified signature");
	CHECK_STR(tinyskel_scheme_name(r.scheme), "chain");
}

int main(void)
{
	test_pick();
	test_no_verify();
	test_pre_618();
	test_no_common_scheme();
	test_forcing();
	test_reason();
	test_loadtime_cannot_verify();
	km_cleanup();
	return check_exit();
}
