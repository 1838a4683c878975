/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* runtime_keyring.c - the kernel's .bpf keyring (KEY_SPEC_BPF_KEYRING, -9,
 * Linux 7.4) against the fake kernel: -9 is passed as given, from opts and
 * from skel->keyring_id, and the kernel's keyring answers are named as
 * keyring errors, not signature errors: EINVAL for -9 (a kernel before
 * 7.4 has no such keyring), ENOKEY for -9 (empty or unrestricted), EPERM
 * for a user/session keyring (the .bpf keyring in force).  The answers of
 * real kernels to -9 are pinned by tests/vm (debian_backports.sh). */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "fake_sys.h"
#include "test_skel.h"
#include "config.h"
#include "tinyskel_uapi.h"

extern int fake_bad_closes;

static struct test_skel skel;

static const struct fake_rec *find_prog_load(int nth)
{
	int i;

	for (i = 0; i < fake.ncalls && i < FAKE_MAX_CALLS; i++)
		if (fake.rec[i].call == FAKE_BPF && fake.rec[i].cmd == TSK_BPF_PROG_LOAD && nth-- == 0)
			return &fake.rec[i];
	return NULL;
}

static void no_leaks(void)
{
	CHECK_INT(fake.open_fds, 0);
	CHECK_INT(fake.maps_mapped, 0);
	CHECK_INT(fake_bad_closes, 0);
}

/* A signed load with keyring `keyring` (from opts, or skel->keyring_id when
 * via_skel) that the kernel answers with `err`. */
static int signed_load(int32_t keyring, int via_skel, int err)
{
	struct tinyskel_opts opts = { .sz = sizeof(opts), .policy = TINYSKEL_POLICY_REQUIRE_SIGNED };
	int ret;

	fake_reset(&test_info_signed);
	fake.chain_supported = 1;
	fake.probe_sig_err = -EBADMSG;
	fake.verify_err = err;
	tinyskel_init(&test_info_signed, &skel);
	if (via_skel) {
		skel.keyring_id = keyring;
	} else {
		opts.use_keyring = 1;
		opts.keyring_id = keyring;
	}
	ret = tinyskel_load(&test_info_signed, &skel, &opts, &skel.result);
	return ret;
}

static void test_passed_as_given(void)
{
	int via;

	CHECK_INT(TINYSKEL_KEYRING_BPF, -9);
	for (via = 0; via < 2; via++) {
		const struct fake_rec *r;

		check_ctx = via ? "-9 from skel->keyring_id" : "-9 from opts";
		CHECK_INT(signed_load(TINYSKEL_KEYRING_BPF, via, 0), 0);
		CHECK(skel.result.scheme != TINYSKEL_SCHEME_NONE);
		/* the last PROG_LOAD is the loader's (the probes come first) */
		r = find_prog_load(fake_count(FAKE_BPF, TSK_BPF_PROG_LOAD) - 1);
		CHECK(r != NULL);
		if (r)
			CHECK_INT(((const struct tsk_attr_prog_load *)r->attr)->keyring_id, -9);
		tinyskel_destroy(&test_info_signed, &skel);
		no_leaks();
	}
}

static void test_answers_named(void)
{
	static const struct {
		int32_t keyring;
		int err;
		const char *word;  /* the reason must hold it */
		const char *never; /* and must not hold it (NULL: no check) */
	} cases[] = {
		/* a kernel before 7.4: no keyring -9 */
		{ -9, -EINVAL, "no .bpf keyring", "signature" },
		{ -9, -EINVAL, "7.4", NULL },
		/* 7.4: the .bpf keyring empty or unrestricted */
		{ -9, -ENOKEY, "keyring policy", "not in the keyring" },
		{ -9, -ENOKEY, "bpf.keyring_unsealed", NULL },
		/* 7.4 with the .bpf keyring in force: user/session keyrings refused */
		{ -3, -EPERM, "keyring policy", "metadata map" },
		{ -4, -EPERM, "keyring policy", NULL },
		{ 12345, -EPERM, "keyring policy", NULL },
		/* signature answers stay signature answers, whatever the keyring */
		{ -9, -EKEYREJECTED, "does not match", "keyring policy" },
		{ -9, -EBADMSG, "malformed", "keyring" },
		{ -3, -ENOKEY, "not in the keyring", "keyring policy" },
		{ -3, -EINVAL, "keyring not found", ".bpf" },
		/* the system keyrings: EPERM is not about the keyring */
		{ 0, -EPERM, "not frozen", "keyring policy" },
		{ 1, -EPERM, "not frozen", "keyring policy" },
		{ 0, -ENOKEY, "not in the keyring", ".bpf" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		check_ctx = cases[i].word;
		CHECK_INT(signed_load(cases[i].keyring, 0, cases[i].err), cases[i].err);
		CHECK_INT(skel.result.step, TINYSKEL_STEP_PROG_LOAD);
		CHECK_REASON(skel.result, cases[i].word);
#ifdef CONFIG_ERROR_STRINGS
		if (cases[i].never)
			CHECK(strstr(skel.result.reason, cases[i].never) == NULL);
#endif
		tinyskel_destroy(&test_info_signed, &skel);
		no_leaks();
	}
}

/* An unsigned load sends no keyring: its errors are never keyring errors. */
static void test_unsigned_not_named(void)
{
	struct tinyskel_opts opts = { .sz = sizeof(opts), .policy = TINYSKEL_POLICY_UNSIGNED_ONLY,
				      .use_keyring = 1, .keyring_id = -9 };

	check_ctx = "unsigned load, keyring -9";
	fake_reset(&test_info);
	fake.fail_cmd = TSK_BPF_PROG_LOAD;
	fake.fail_err = -EINVAL;
	tinyskel_init(&test_info, &skel);
	CHECK_INT(tinyskel_load(&test_info, &skel, &opts, &skel.result), -EINVAL);
	CHECK_INT(skel.result.step, TINYSKEL_STEP_PROG_LOAD);
#ifdef CONFIG_ERROR_STRINGS
	CHECK(strstr(skel.result.reason, "keyring") == NULL);
#endif
	tinyskel_destroy(&test_info, &skel);
	no_leaks();
}

int main(void)
{
	test_passed_as_given();
	test_answers_named();
	test_unsigned_not_named();
	return check_exit();
}
