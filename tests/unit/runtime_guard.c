/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* runtime_guard.c - under the device's BPF guard (runtime/guard/, issue 21):
 * the facts the boot-time loader recorded stand in for the probes, field
 * for field (the writer tinyskel_guard_facts_from and the reader are one
 * contract), with no unsigned probe load; a config that is not the guard's
 * is ignored; a load refused with EPERM at program load names the guard. */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "fake_sys.h"
#include "test_skel.h"
#include "tinyskel_guard.h"
#include "tinyskel_uapi.h"

static struct test_skel skel;
static struct tinyskel_guard_config cfg;

static void with_guard(const struct tinyskel_features *f)
{
	memset(&cfg, 0, sizeof(cfg));
	cfg.magic = TINYSKEL_GUARD_MAGIC;
	cfg.version = TINYSKEL_GUARD_VERSION;
	cfg.keyring_id = 123456;
	tinyskel_guard_facts_from(&cfg.facts, f);
	fake.guard_cfg = &cfg;
	fake.guard_cfg_size = sizeof(cfg);
	tinyskel_probe_reset();
}

/* Distinct values in every field, so a field copied into another shows. */
static void sample(struct tinyskel_features *f)
{
	memset(f, 0, sizeof(*f));
	f->probed = 1;
	f->prog_syscall = 1;
	f->excl_maps = 1;
	f->signature_maps = 0;
	f->loadtime = 1;
	f->verify = 1;
	int i;
	static const int errs[5] = { 0, -ENOENT, -E2BIG, -EPERM /* a load-time kernel's answer */, -EBADMSG };

	for (i = 0; i < 5; i++)
		f->probe_err[i] = errs[i];
	f->btf = 1;
	f->map_hash_read = 1;
	f->map_excl_word = 0;
	f->layout_err[0] = 0;
	f->layout_err[1] = -EACCES;
}

static void test_facts_instead_of_probes(void)
{
	struct tinyskel_features want, got;

	fake_reset(&test_info_signed);
	sample(&want);
	with_guard(&want);
	CHECK_INT(tinyskel_probe(&got), 0);
	CHECK_INT(tinyskel_probe_layout(&got), 0);
	CHECK(memcmp(&got, &want, sizeof(got)) == 0);
	CHECK_INT(fake_count(FAKE_BPF, TSK_BPF_PROG_LOAD), 0); /* nothing the guard would refuse */
	CHECK_INT(fake.open_fds, 0);
	/* Asked once: the second probe reads the cache. */
	fake.ncalls = 0;
	CHECK_INT(tinyskel_probe(&got), 0);
	CHECK_INT(fake.ncalls, 0);
}

static void test_not_the_guards(void)
{
	struct tinyskel_features f;

	sample(&f);
	/* another version's magic, facts never probed: probes run as before */
	fake_reset(&test_info_signed);
	with_guard(&f);
	cfg.magic ^= 1;
	CHECK_INT(tinyskel_probe(NULL), 0);
	CHECK(fake_count(FAKE_BPF, TSK_BPF_PROG_LOAD) > 0);
	CHECK_INT(fake.open_fds, 0);

	fake_reset(&test_info_signed);
	with_guard(&f);
	cfg.facts.probed = 0;
	CHECK_INT(tinyskel_probe(NULL), 0);
	CHECK(fake_count(FAKE_BPF, TSK_BPF_PROG_LOAD) > 0);

	/* a map of another shape at the path */
	fake_reset(&test_info_signed);
	with_guard(&f);
	fake.guard_cfg_size = sizeof(cfg) - 8;
	CHECK_INT(tinyskel_probe(NULL), 0);
	CHECK(fake_count(FAKE_BPF, TSK_BPF_PROG_LOAD) > 0);
	CHECK_INT(fake.open_fds, 0);
}

static int load(const struct tinyskel_skel_info *info, uint32_t policy)
{
	struct tinyskel_opts opts = { .sz = sizeof(opts), .policy = policy };

	tinyskel_init(info, &skel);
	return tinyskel_load(info, &skel, &opts, &skel.result);
}

static void test_reasons(void)
{
	struct tinyskel_features f;

	sample(&f);
	/* unsigned header, the guard refuses the loader */
	fake_reset(&test_info);
	with_guard(&f);
	fake.fail_cmd = TSK_BPF_PROG_LOAD;
	fake.fail_err = -EPERM;
	CHECK_INT(load(&test_info, TINYSKEL_POLICY_ALLOW_UNSIGNED), -EPERM);
	CHECK_INT(skel.result.step, TINYSKEL_STEP_PROG_LOAD);
	CHECK_REASON(skel.result, "refused by the device's BPF guard: unsigned");
	tinyskel_destroy(&test_info, &skel);
	CHECK_INT(fake.open_fds, 0);

	/* the same without a guard: the old reason */
	fake_reset(&test_info);
	tinyskel_probe_reset();
	fake.fail_cmd = TSK_BPF_PROG_LOAD;
	fake.fail_err = -EPERM;
	CHECK_INT(load(&test_info, TINYSKEL_POLICY_ALLOW_UNSIGNED), -EPERM);
	CHECK_REASON(skel.result, "CAP_BPF");
	tinyskel_destroy(&test_info, &skel);

	/* signed, refused: the keyring, not a frozen-map story */
	if (test_built_in(TINYSKEL_SCHEME_LOADTIME)) {
		fake_reset(&test_info_signed);
		with_guard(&f);
		fake.verify_err = -EPERM;
		CHECK_INT(load(&test_info_signed, TINYSKEL_POLICY_REQUIRE_SIGNED), -EPERM);
		CHECK_INT(skel.result.step, TINYSKEL_STEP_PROG_LOAD);
		CHECK_REASON(skel.result, "keyring the device trusts");
		tinyskel_destroy(&test_info_signed, &skel);
		CHECK_INT(fake.open_fds, 0);
	}
}

/* TINYSKEL_KEYRING_GUARD: the guard's keyring goes to BPF_PROG_LOAD; with
 * no guard pinned, a signed load stops at step policy. */
static void test_guard_keyring(void)
{
	struct tinyskel_opts opts = { .sz = sizeof(opts), .policy = TINYSKEL_POLICY_REQUIRE_SIGNED,
				      .use_keyring = 1, .keyring_id = TINYSKEL_KEYRING_GUARD };
	struct tinyskel_features f;
	int i, seen = 0;

	sample(&f);
	fake_reset(&test_info_signed);
	with_guard(&f);
	fake.verify_err = 0; /* the fake kernel verifies */
	tinyskel_init(&test_info_signed, &skel);
	CHECK_INT(tinyskel_load(&test_info_signed, &skel, &opts, &skel.result), 0);
	for (i = 0; i < fake.ncalls && i < FAKE_MAX_CALLS; i++) {
		const struct tsk_attr_prog_load *a = (const void *)fake.rec[i].attr;

		if (fake.rec[i].call == FAKE_BPF && fake.rec[i].cmd == TSK_BPF_PROG_LOAD && a->signature) {
			CHECK_INT(a->keyring_id, 123456);
			seen++;
		}
	}
	CHECK_INT(seen, 1);
	tinyskel_destroy(&test_info_signed, &skel);
	CHECK_INT(fake.open_fds, 0);

	fake_reset(&test_info_signed);
	tinyskel_probe_reset();
	fake.verify_err = 0;         /* a load-time verifying kernel, no guard */
	fake.probe_sig_err = -EPERM;
	tinyskel_init(&test_info_signed, &skel);
	CHECK_INT(tinyskel_load(&test_info_signed, &skel, &opts, &skel.result), -ENOENT);
	CHECK_INT(skel.result.step, TINYSKEL_STEP_POLICY);
	CHECK_REASON(skel.result, "no guard is pinned");
	tinyskel_destroy(&test_info_signed, &skel);
	CHECK_INT(fake.open_fds, 0);
}

int main(void)
{
#ifdef CONFIG_PROBE_NONE
	puts("skipped: CONFIG_PROBE_NONE (no probes to stand in for)");
	return 0;
#endif
	test_facts_instead_of_probes();
	test_not_the_guards();
	test_reasons();
	if (test_built_in(TINYSKEL_SCHEME_LOADTIME))
		test_guard_keyring();
	return check_exit();
}
