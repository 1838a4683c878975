/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* runtime_opts.c - struct tinyskel_opts fails closed (issue 11, items 1
 * and 2): a size or value the library does not know is refused before any
 * syscall, never read as the build's default (which may load unsigned). */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "config.h" /* the runtime's effective configuration (its defaults without Kconfig) */
#include "fake_sys.h"
#include "test_skel.h"

static struct test_skel skel;

/* A caller's options struct, possibly larger than ours (a newer caller). */
static union {
	struct tinyskel_opts o;
	unsigned char raw[sizeof(struct tinyskel_opts) + 16];
} u;

static void opts_reset(void)
{
	memset(&u, 0, sizeof(u));
	u.o.sz = sizeof(u.o);
	u.o.policy = TINYSKEL_POLICY_REQUIRE_SIGNED;
}

/* Load the unsigned test header with u.o: with REQUIRE_SIGNED honoured it
 * is refused at step policy; anything that loads it dropped the policy. */
static void refused(const char *what, int want_err, uint32_t want_step, const char *word)
{
	struct tinyskel_result res;

	check_ctx = what;
	fake_reset(&test_info);
	tinyskel_init(&test_info, &skel);
	CHECK_INT(tinyskel_load(&test_info, &skel, &u.o, &res), want_err);
	CHECK_INT(res.err, want_err);
	CHECK_INT(res.step, want_step);
	CHECK_REASON(res, word);
	CHECK_INT(fake.ncalls, 0);
	tinyskel_destroy(&test_info, &skel);
	CHECK_INT(fake.open_fds, 0);
	opts_reset();
}

static void test_size(void)
{
	opts_reset();
	refused("sz as it should be: policy honoured", -EPERM, TINYSKEL_STEP_POLICY, "unsigned");
	u.o.sz = 0;
	refused("sz 0 (forgotten)", -EINVAL, TINYSKEL_STEP_VALIDATE, "opts.sz");
	u.o.sz = 4;
	refused("sz 4", -EINVAL, TINYSKEL_STEP_VALIDATE, "opts.sz");
	u.o.sz = offsetof(struct tinyskel_opts, force_scheme);
	refused("sz one field short", -EINVAL, TINYSKEL_STEP_VALIDATE, "opts.sz");
	/* a newer caller: a larger struct is fine while its extra fields are zero */
	u.o.sz = sizeof(u);
	refused("larger sz, zero tail", -EPERM, TINYSKEL_STEP_POLICY, "unsigned");
	u.o.sz = sizeof(u);
	u.raw[sizeof(u.o) + 3] = 1;
	refused("larger sz, a field we do not know set", -EINVAL, TINYSKEL_STEP_VALIDATE, "not know");
}

static void test_values(void)
{
	static const uint32_t bad_policies[] = { 4, 7, 0x80000000u, 0xffffffffu };
	size_t i;

	opts_reset();
	for (i = 0; i < sizeof(bad_policies) / sizeof(bad_policies[0]); i++) {
		u.o.policy = bad_policies[i];
		refused("unknown policy", -EINVAL, TINYSKEL_STEP_VALIDATE, "policy");
	}
	u.o.policy = 7;
	u.o.force_scheme = 1;
	refused("unknown policy with a forced scheme", -EINVAL, TINYSKEL_STEP_VALIDATE, "policy");
	u.o.force_scheme = TINYSKEL_SCHEME__COUNT + 1;
	refused("unknown force_scheme", -EINVAL, TINYSKEL_STEP_VALIDATE, "force_scheme");
	u.o.force_scheme = 0xffffffffu;
	refused("force_scheme -1", -EINVAL, TINYSKEL_STEP_VALIDATE, "force_scheme");
	u.o.use_keyring = 2;
	refused("use_keyring 2", -EINVAL, TINYSKEL_STEP_VALIDATE, "use_keyring");
}

/* Every value an enum names still loads as before. */
static void test_known_values(void)
{
	struct tinyskel_result res;
	uint32_t s;

	check_ctx = "known values";
	for (s = 0; s <= TINYSKEL_SCHEME__COUNT; s++) {
		opts_reset();
		u.o.policy = TINYSKEL_POLICY_UNSIGNED_ONLY;
		u.o.force_scheme = s;
		fake_reset(&test_info_signed);
		tinyskel_init(&test_info_signed, &skel);
#ifdef CONFIG_POLICY_LOCKED
		/* a floor refuses any weakening; the policy test covers it */
		CHECK_INT(tinyskel_load(&test_info_signed, &skel, &u.o, &res), -EPERM);
#else
		if (s && !test_built_in(s - 1)) {
			/* a forced scheme this build lacks is refused, not ignored */
			CHECK_INT(tinyskel_load(&test_info_signed, &skel, &u.o, &res), -ENOENT);
		} else {
			CHECK_INT(tinyskel_load(&test_info_signed, &skel, &u.o, &res), 0);
			CHECK_INT(res.scheme, TINYSKEL_SCHEME_NONE);
		}
#endif
		tinyskel_destroy(&test_info_signed, &skel);
		CHECK_INT(fake.open_fds, 0);
	}
}

/* The design point of issue 11: with CONFIG_POLICY_LOCKED the build's
 * policy is a floor no opts can lower (the firmware boards set it; their
 * `make BOARD=NAME check` and tests/build/policy_config.sh run this). */
static void floor_case(const char *what, uint32_t policy, uint32_t force, int keyring, int locked_refuses)
{
	struct tinyskel_result res;
	int err;

	check_ctx = what;
	opts_reset();
	u.o.policy = policy;
	u.o.force_scheme = force;
	u.o.use_keyring = keyring != 99;
	u.o.keyring_id = keyring != 99 ? keyring : 0;
	fake_reset(&test_info);
	tinyskel_init(&test_info, &skel);
	err = tinyskel_load(&test_info, &skel, &u.o, &res);
#ifdef CONFIG_POLICY_LOCKED
	if (locked_refuses) {
		CHECK_INT(err, -EPERM);
		CHECK_INT(res.step, TINYSKEL_STEP_POLICY);
		CHECK_REASON(res, "locked");
		CHECK_INT(fake.ncalls, 0);
	} else {
		CHECK(strstr(res.reason, "locked") == NULL);
	}
#else
	(void)locked_refuses;
	CHECK(strstr(res.reason, "locked") == NULL);
	if (policy >= TINYSKEL_POLICY_ALLOW_UNSIGNED || force == TINYSKEL_SCHEME_NONE + 1)
		CHECK_INT(err, policy == TINYSKEL_POLICY_REQUIRE_SIGNED ? -EPERM : 0);
#endif
	tinyskel_destroy(&test_info, &skel);
	CHECK_INT(fake.open_fds, 0);
}

/* skel->keyring_id (bpftool's signed-skeleton field) is a way to choose
 * the keyring too: a locked build holds it to the floor as it does opts. */
static void skel_keyring_case(const char *what, int32_t keyring, int locked_refuses)
{
	struct tinyskel_result res;
	int err;

	check_ctx = what;
	fake_reset(&test_info);
	tinyskel_init(&test_info, &skel);
	skel.keyring_id = keyring;
	err = tinyskel_load(&test_info, &skel, NULL, &res);
#ifdef CONFIG_POLICY_LOCKED
	if (locked_refuses) {
		CHECK_INT(err, -EPERM);
		CHECK_INT(res.step, TINYSKEL_STEP_POLICY);
		CHECK_REASON(res, "keyring");
		CHECK_INT(fake.ncalls, 0);
	} else {
		CHECK(strstr(res.reason, "locked") == NULL);
	}
#else
	(void)locked_refuses;
	(void)err;
	CHECK(strstr(res.reason, "locked") == NULL);
#endif
	tinyskel_destroy(&test_info, &skel);
	CHECK_INT(fake.open_fds, 0);
}

static void test_floor(void)
{
#ifdef CONFIG_POLICY_ALLOW_UNSIGNED
	const int weaker_allow = 0;
#else
	const int weaker_allow = 1;
#endif
	floor_case("floor: allow unsigned", TINYSKEL_POLICY_ALLOW_UNSIGNED, 0, 99, weaker_allow);
	floor_case("floor: unsigned only", TINYSKEL_POLICY_UNSIGNED_ONLY, 0, 99, 1);
	floor_case("floor: forced none", TINYSKEL_POLICY_ALLOW_UNSIGNED, TINYSKEL_SCHEME_NONE + 1, 99, 1);
	floor_case("floor: session keyring", 0, 0, -3, 1);
	floor_case("floor: default policy, default keyring", 0, 0, 99, 0);
	floor_case("floor: the default keyring asked for", 0, 0, 0, 0);
	floor_case("floor: require signed", TINYSKEL_POLICY_REQUIRE_SIGNED, 0, 99, 0);
	/* the kernel's .bpf keyring (-9, Linux 7.4) is sealed and provisioned
	 * by the system, not chosen by the app: the floor accepts it */
	floor_case("floor: the .bpf keyring", 0, 0, TINYSKEL_KEYRING_BPF, 0);
	skel_keyring_case("floor: skel->keyring_id = session keyring", -3, 1);
	skel_keyring_case("floor: skel->keyring_id left as init set it", TSK_DEFAULT_KEYRING, 0);
	skel_keyring_case("floor: skel->keyring_id = the .bpf keyring", TINYSKEL_KEYRING_BPF, 0);
}

int main(void)
{
	test_size();
	test_values();
	test_known_values();
	test_floor();
	return check_exit();
}
