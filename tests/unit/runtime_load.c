/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* runtime_load.c - tinyskel_load() step by step against the fake kernel:
 * what is passed to each syscall, scheme choice per kernel, policy, logs. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fake_sys.h"
#include "test_skel.h"
#include "config.h" /* TSK_DEFAULT_KEYRING */
#include "tinyskel_uapi.h"

extern int fake_bad_closes;

static struct test_skel skel;

static const struct fake_rec *find(int call, int cmd, int nth)
{
	int i;

	for (i = 0; i < fake.ncalls && i < FAKE_MAX_CALLS; i++)
		if (fake.rec[i].call == call && fake.rec[i].cmd == cmd && nth-- == 0)
			return &fake.rec[i];
	return NULL;
}

static void no_leaks(void)
{
	CHECK_INT(fake.open_fds, 0);
	CHECK_INT(fake.maps_mapped, 0);
	CHECK_INT(fake_bad_closes, 0);
}

static int load(const struct tinyskel_skel_info *info, uint32_t policy)
{
	struct tinyskel_opts opts = { .sz = sizeof(opts), .policy = policy };

	return tinyskel_load(info, &skel, &opts, &skel.result);
}

static void test_unsigned_load(void)
{
	const struct fake_rec *r;
	const struct tsk_attr_map_create *mc;
	const struct tsk_attr_prog_load *pl;
	const struct tsk_attr_test_run *run;

	check_ctx = "unsigned load";
	fake_reset(&test_info);
	tinyskel_init(&test_info, &skel);
	CHECK_INT(skel.ctx.sz, offsetof(struct test_skel, links));
	CHECK_INT(skel.rodata->pid, 7); /* initial value copied from the blob */
	CHECK(skel.bss == &skel.tinyskel_storage.bss.v);
	CHECK_INT(skel.maps.rodata.initial_value, (uintptr_t)&skel.tinyskel_storage.rodata);
	skel.rodata->pid = 42;
	CHECK_INT(load(&test_info, TINYSKEL_POLICY_ALLOW_UNSIGNED), 0);
	CHECK_INT(skel.result.err, 0);
	CHECK_INT(skel.result.scheme, TINYSKEL_SCHEME_NONE);
	CHECK_REASON_IS(skel.result, "loaded unsigned");
	CHECK_INT(fake_count(FAKE_BPF, TSK_BPF_PROG_LOAD), 1); /* no probe for an unsigned header */

	r = find(FAKE_BPF, TSK_BPF_MAP_CREATE, 0);
	CHECK(r != NULL);
	if (r) {
		mc = (const void *)r->attr;
		CHECK_INT(r->size, 92);
		CHECK_INT(mc->map_type, TSK_BPF_MAP_TYPE_ARRAY);
		CHECK_INT(mc->value_size, sizeof(test_data));
		CHECK_INT(mc->max_entries, 1);
		CHECK_INT(mc->excl_prog_hash, (uintptr_t)test_sha_a);
		CHECK_INT(mc->excl_prog_hash_size, 32);
	}
	CHECK_INT(fake_count(FAKE_BPF, TSK_BPF_MAP_FREEZE), 1);
	r = find(FAKE_BPF, TSK_BPF_PROG_LOAD, 0);
	if (r) {
		pl = (const void *)r->attr;
		CHECK_INT(r->size, 144);
		CHECK_INT(pl->prog_type, TSK_BPF_PROG_TYPE_SYSCALL);
		CHECK_INT(pl->insn_cnt, 3);
		CHECK_INT(pl->prog_flags, TSK_BPF_F_SLEEPABLE);
		CHECK_INT(pl->signature, 0);
		CHECK_INT(pl->log_level, 0);
	}
	r = find(FAKE_BPF, TSK_BPF_PROG_RUN, 0);
	if (r) {
		run = (const void *)r->attr;
		/* a private copy of the context, never the caller's skeleton */
		CHECK(run->ctx_in != (uintptr_t)&skel);
		CHECK_INT(run->ctx_size_in, offsetof(struct test_skel, links));
		CHECK_INT(fake.run_ctx_sz, offsetof(struct test_skel, links));
	}
	/* loader prog and metadata map closed; the skeleton's own fds remain */
	CHECK_INT(fake.open_fds, 3 + 6);
	CHECK(skel.maps.counts.map_fd > 0 && skel.progs.plain.prog_fd > 0);
	CHECK_INT(fake.maps_mapped, 2);
	CHECK(skel.bss != &skel.tinyskel_storage.bss.v);
	tinyskel_destroy(&test_info, &skel);
	no_leaks();
	CHECK_INT(skel.maps.counts.map_fd, 0);
	CHECK(skel.bss == &skel.tinyskel_storage.bss.v);
}

static void test_no_exclusive_maps(void)
{
	check_ctx = "kernel without exclusive maps";
	fake_reset(&test_info);
	fake.excl_supported = 0;
	tinyskel_init(&test_info, &skel);
	CHECK_INT(load(&test_info, TINYSKEL_POLICY_ALLOW_UNSIGNED), 0);
	CHECK_INT(fake_count(FAKE_BPF, TSK_BPF_MAP_CREATE), 2); /* exclusive, then plain */
	tinyskel_destroy(&test_info, &skel);
	/* learnt once per process: the next load goes straight to a plain map */
	fake.ncalls = 0;
	tinyskel_init(&test_info, &skel);
	CHECK_INT(load(&test_info, TINYSKEL_POLICY_ALLOW_UNSIGNED), 0);
	CHECK_INT(fake_count(FAKE_BPF, TSK_BPF_MAP_CREATE), 1);
	CHECK_INT(fake.rec[0].size, 72);
	tinyskel_destroy(&test_info, &skel);
	no_leaks();
}

static void test_log(void)
{
	char log[64];
	struct tinyskel_opts opts = { .sz = sizeof(opts), .policy = TINYSKEL_POLICY_ALLOW_UNSIGNED,
				      .log_buf = log, .log_size = sizeof(log) };
	const struct fake_rec *r;

	check_ctx = "verifier log on failure";
	fake_reset(&test_info);
	fake.fail_cmd = TSK_BPF_PROG_LOAD;
	fake.fail_err = -EACCES;
	fake.log_text = "R1 invalid mem access";
	tinyskel_init(&test_info, &skel);
	CHECK_INT(tinyskel_load(&test_info, &skel, &opts, &skel.result), -EACCES);
	CHECK_INT(skel.result.step, TINYSKEL_STEP_PROG_LOAD);
	/* quiet first try failed: loaded again with a log level for the log */
	CHECK_INT(fake_count(FAKE_BPF, TSK_BPF_PROG_LOAD), 2);
	r = find(FAKE_BPF, TSK_BPF_PROG_LOAD, 1);
	if (r)
		CHECK_INT(((const struct tsk_attr_prog_load *)r->attr)->log_level, 1);
	CHECK_STR(log, "R1 invalid mem access");
	CHECK_INT(skel.result.log_true_size, 22);
	no_leaks();

	check_ctx = "the loader's own program loads log to the caller's buffer";
	fake_reset(&test_info);
	opts.log_level = 2;
	tinyskel_init(&test_info, &skel);
	CHECK_INT(tinyskel_load(&test_info, &skel, &opts, &skel.result), 0);
	CHECK_INT(fake.run_log_buf, (uintptr_t)log);
	CHECK_INT(fake.run_log_level, 2);
	CHECK_INT(skel.ctx.log_buf, 0); /* the skeleton's own fields restored */
	CHECK_INT(skel.ctx.log_level, 0);
	tinyskel_destroy(&test_info, &skel);
	no_leaks();

	check_ctx = "log buffer too small";
	fake_reset(&test_info);
	fake.fail_at = 3;
	fake.fail_err = -ENOSPC;
	opts.log_level = 1;
	opts.log_size = sizeof(log);
	tinyskel_init(&test_info, &skel);
	CHECK_INT(tinyskel_load(&test_info, &skel, &opts, &skel.result), -ENOSPC);
	CHECK_INT(fake_count(FAKE_BPF, TSK_BPF_PROG_LOAD), 1);
	CHECK_REASON(skel.result, "too small");
	no_leaks();
}

static void test_loader_fails(void)
{
	check_ctx = "loader returns an error";
	fake_reset(&test_info);
	fake.loader_retval = -EINVAL;
	tinyskel_init(&test_info, &skel);
	CHECK_INT(load(&test_info, TINYSKEL_POLICY_ALLOW_UNSIGNED), -EINVAL);
	CHECK_INT(skel.result.step, TINYSKEL_STEP_LOADER);
	CHECK_INT(skel.result.loader_ret, -EINVAL);
	CHECK_INT(skel.maps.counts.map_fd, 0);
	tinyskel_destroy(&test_info, &skel);
	no_leaks();
}

/* The loader's own return values (tinyskel.h, TINYSKEL_LOADER_*). */
static void test_loader_ret(void)
{
	char log[64];
	struct tinyskel_opts opts = { .sz = sizeof(opts), .policy = TINYSKEL_POLICY_ALLOW_UNSIGNED };

	check_ctx = "kernel refused program 3: named, no log asked";
	fake_reset(&test_info);
	fake.loader_retval = TINYSKEL_LOADER_PROG_ERR(3, -EACCES);
	tinyskel_init(&test_info, &skel);
	CHECK_INT(tinyskel_load(&test_info, &skel, &opts, &skel.result), -EACCES);
	CHECK_INT(skel.result.step, TINYSKEL_STEP_LOADER);
	CHECK_INT(skel.result.loader_ret, -EACCES - 4 * 4096);
	CHECK_STR(skel.result.name, test_progs[3].name);
	CHECK_REASON(skel.result, "refused program 'on_kret'");
	CHECK_REASON(skel.result, "give opts->log_buf");
	CHECK(strstr(skel.result.reason, "metadata") == NULL);
#ifdef CONFIG_ERROR_STRINGS /* without them the reason is the step's name, not the text */
	CHECK(skel.result.reason == skel.result.text);
#endif
	CHECK_INT(skel.maps.counts.map_fd, 0);
	no_leaks();

	check_ctx = "kernel refused program 0, with a log buffer and level";
	fake_reset(&test_info);
	fake.loader_retval = TINYSKEL_LOADER_PROG_ERR(0, -EINVAL);
	opts.log_buf = log;
	opts.log_size = sizeof(log);
	opts.log_level = 1;
	tinyskel_init(&test_info, &skel);
	CHECK_INT(tinyskel_load(&test_info, &skel, &opts, &skel.result), -EINVAL);
	CHECK_REASON(skel.result, "refused program 'on_raw'");
	CHECK_REASON(skel.result, "verifier log is in opts->log_buf");
	no_leaks();

	check_ctx = "a log buffer without a level: loaded again with the log, once";
	fake_reset(&test_info);
	fake.loader_retval = TINYSKEL_LOADER_PROG_ERR(5, -E2BIG);
	opts.log_level = 0;
	tinyskel_init(&test_info, &skel);
	CHECK_INT(tinyskel_load(&test_info, &skel, &opts, &skel.result), -E2BIG);
	CHECK_INT(fake_count(FAKE_BPF, TSK_BPF_PROG_RUN), 2);
	CHECK_INT(fake.run_log_level, CONFIG_LOG_LEVEL);
	CHECK_INT(fake.run_log_buf, (uintptr_t)log);
	CHECK_REASON(skel.result, "refused program 'plain'");
	CHECK_REASON(skel.result, "verifier log is in opts->log_buf");
	no_leaks();

	check_ctx = "no retry for a failure that is not a program's";
	fake_reset(&test_info);
	fake.loader_retval = -ENOMEM;
	tinyskel_init(&test_info, &skel);
	CHECK_INT(tinyskel_load(&test_info, &skel, &opts, &skel.result), -ENOMEM);
	CHECK_INT(fake_count(FAKE_BPF, TSK_BPF_PROG_RUN), 1);
	no_leaks();

	check_ctx = "an index past the header's programs is a plain loader error";
	fake_reset(&test_info);
	fake.loader_retval = TINYSKEL_LOADER_PROG_ERR(6, -EINVAL);
	tinyskel_init(&test_info, &skel);
	CHECK_INT(tinyskel_load(&test_info, &skel, &opts, &skel.result), TINYSKEL_LOADER_PROG_ERR(6, -EINVAL));
	CHECK(skel.result.name == NULL);
	no_leaks();

	check_ctx = "in-loader check: tampered metadata";
	fake_reset(&test_info);
	fake.loader_retval = TINYSKEL_LOADER_TAMPERED;
	tinyskel_init(&test_info, &skel);
	CHECK_INT(tinyskel_load(&test_info, &skel, &opts, &skel.result), -EKEYREJECTED);
	CHECK_INT(skel.result.step, TINYSKEL_STEP_LOADER);
	CHECK_INT(skel.result.loader_ret, TINYSKEL_LOADER_TAMPERED);
	CHECK_REASON_IS(skel.result, "metadata does not match the signed hash (tampered)");
	no_leaks();

	check_ctx = "another step of the loader";
	fake_reset(&test_info);
	fake.loader_retval = -ENOMEM;
	tinyskel_init(&test_info, &skel);
	CHECK_INT(tinyskel_load(&test_info, &skel, &opts, &skel.result), -ENOMEM);
	CHECK_REASON(skel.result, "map or BTF");
	CHECK(strstr(skel.result.reason, "program") == NULL);
	no_leaks();
}

/* issue 21: a write to the skeleton after the checks (another thread, a
 * signal handler) must change nothing the loader gets.  The fake kernel's
 * hook writes the live skeleton at BPF_PROG_RUN, the last moment. */
static uint8_t evil[8] = { 0xef, 0xbe, 0xad, 0xde };

static void toctou_writer(void)
{
	skel.ctx.flags = 1; /* BPF_SKEL_KERNEL: read initial values as kernel memory */
	skel.maps.counts.max_entries = 100000;
	skel.maps.rodata.max_entries = 7;
	skel.maps.rodata.initial_value = (uintptr_t)evil;
	skel.maps.bss.initial_value = (uintptr_t)evil;
	skel.tinyskel_storage.rodata.v.pid = (int32_t)0xdeadbeef;
}

static void test_toctou(void)
{
	struct tinyskel_opts opts = { .sz = sizeof(opts), .policy = TINYSKEL_POLICY_REQUIRE_SIGNED };
	const struct tinyskel_loader_ctx *c;
	const struct tinyskel_map_desc *counts, *bss, *rodata;

	if (!test_built_in(TINYSKEL_SCHEME_CHAIN))
		return;
	check_ctx = "signed load, skeleton written between the checks and the run";
	fake_reset(&test_info_signed);
	fake.chain_supported = 1;
	fake.probe_sig_err = -EBADMSG;
	fake.verify_err = 0;
	fake.before_run = toctou_writer;
	tinyskel_init(&test_info_signed, &skel);
	CHECK_INT(tinyskel_load(&test_info_signed, &skel, &opts, &skel.result), 0);
	CHECK_INT(skel.result.scheme, TINYSKEL_SCHEME_CHAIN);
	/* the writer did run on the live skeleton... */
	CHECK_INT(skel.maps.counts.max_entries, 100000);
	CHECK_INT(skel.ctx.flags, 1);
	/* ...and the loader's context is what was checked */
	c = (const void *)fake.run_ctx;
	counts = (const void *)(fake.run_ctx + offsetof(struct test_skel, maps.counts));
	bss = (const void *)(fake.run_ctx + offsetof(struct test_skel, maps.bss));
	rodata = (const void *)(fake.run_ctx + offsetof(struct test_skel, maps.rodata));
	CHECK_INT(c->flags, 0);
	CHECK_INT(c->sz, offsetof(struct test_skel, links));
	CHECK_INT(counts->max_entries, 0);
	CHECK_INT(rodata->max_entries, 0);
	CHECK_INT(rodata->initial_value, 0); /* sealed: the signed blob's bytes */
#ifndef CONFIG_SEALED_GLOBALS
	CHECK_INT(bss->initial_value, (uintptr_t)&skel.tinyskel_storage.bss);
#endif
	/* only fds came back */
	CHECK(skel.maps.counts.map_fd > 0 && skel.progs.plain.prog_fd > 0);
	CHECK_INT(skel.maps.rodata.initial_value, (uintptr_t)evil);
	tinyskel_destroy(&test_info_signed, &skel);
	no_leaks();
}

static void test_policy(void)
{
	struct tinyskel_result res;

	check_ctx = "unsigned header, signature required";
	fake_reset(&test_info);
	tinyskel_init(&test_info, &skel);
	CHECK_INT(load(&test_info, TINYSKEL_POLICY_REQUIRE_SIGNED), -EPERM);
	CHECK_INT(skel.result.step, TINYSKEL_STEP_POLICY);
	CHECK_INT(fake.ncalls, 0);

#ifndef CONFIG_PROBE_NONE
	check_ctx = "signed header, kernel cannot verify, signature required";
	fake_reset(&test_info_signed);
	tinyskel_init(&test_info_signed, &skel);
	CHECK_INT(load(&test_info_signed, TINYSKEL_POLICY_REQUIRE_SIGNED), -EOPNOTSUPP);
	CHECK_INT(skel.result.step, TINYSKEL_STEP_POLICY);
	CHECK_REASON(skel.result, "cannot verify");
	CHECK_INT(fake_count(FAKE_BPF, TSK_BPF_MAP_UPDATE_ELEM), 0); /* refused before loading */
	no_leaks();

	check_ctx = "signed header, kernel cannot verify, unsigned allowed";
	fake.ncalls = 0;
	CHECK_INT(load(&test_info_signed, TINYSKEL_POLICY_ALLOW_UNSIGNED), 0);
	CHECK_INT(skel.result.scheme, TINYSKEL_SCHEME_NONE);
	CHECK_REASON(skel.result, "loaded unsigned");
	CHECK_INT(fake_count(FAKE_BPF, TSK_BPF_PROG_LOAD), 1); /* probes cached: no second probe */
	tinyskel_destroy(&test_info_signed, &skel);
	no_leaks();

#endif
	check_ctx = "NULL opts and result: the build's policy";
	fake_reset(&test_info);
	tinyskel_init(&test_info, &skel);
	memset(&res, 0, sizeof(res));
#ifdef CONFIG_POLICY_ALLOW_UNSIGNED
	CHECK_INT(tinyskel_load(&test_info, &skel, NULL, NULL), 0);
#else
	CHECK_INT(tinyskel_load(&test_info, &skel, NULL, NULL), -EPERM);
	CHECK_INT(fake.ncalls, 0);
#endif
	tinyskel_destroy(&test_info, &skel);
	no_leaks();
}

struct kernel_case {
	const char *name;
	int chain, probe_sig_err;
	uint32_t want_scheme;
	unsigned want_size;
};

static void test_scheme_choice(void)
{
	static const struct kernel_case cases[] = {
		{ "hash-chain kernel", 1, -EBADMSG, TINYSKEL_SCHEME_CHAIN, 180 },
		{ "load-time kernel", 0, -EPERM, TINYSKEL_SCHEME_LOADTIME, 168 },
		{ "load-time kernel, early revision", 0, -EINVAL, TINYSKEL_SCHEME_LOADTIME, 168 },
		{ "6.18 verifying kernel", 0, -EBADMSG, TINYSKEL_SCHEME_INLOADER, 168 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct kernel_case *c = &cases[i];
		struct tinyskel_opts opts = { .sz = sizeof(opts), .policy = TINYSKEL_POLICY_REQUIRE_SIGNED };
		const struct fake_rec *r;
		const struct tsk_attr_prog_load *pl;
		const struct tsk_attr_map_create *mc;
		struct tinyskel_features f;
		int probes;

		if (!test_built_in(c->want_scheme))
			continue;
		check_ctx = c->name;
		fake_reset(&test_info_signed);
		fake.chain_supported = c->chain;
		fake.probe_sig_err = c->probe_sig_err;
		fake.verify_err = 0;
		tinyskel_init(&test_info_signed, &skel);
		CHECK_INT(tinyskel_load(&test_info_signed, &skel, &opts, &skel.result), 0);
		CHECK_INT(skel.result.scheme, c->want_scheme);
		CHECK_REASON_IS(skel.result, "loaded with a verified signature");
		probes = fake_count(FAKE_BPF, TSK_BPF_PROG_LOAD) - 1;
		r = find(FAKE_BPF, TSK_BPF_PROG_LOAD, (int)probes);
		CHECK(r != NULL);
		if (!r)
			continue;
		pl = (const void *)r->attr;
		CHECK_INT(r->size, c->want_size);
		CHECK_INT(pl->signature, (uintptr_t)test_sig);
		CHECK_INT(pl->signature_size, sizeof(test_sig));
		CHECK_INT(pl->keyring_id, 0);
		CHECK_INT(pl->fd_array_cnt, c->want_scheme == TINYSKEL_SCHEME_LOADTIME ? 1 : 0);
		if (c->want_scheme == TINYSKEL_SCHEME_CHAIN) {
			CHECK_INT(pl->signature_maps_size, 1);
			CHECK_INT(*(const int *)(uintptr_t)pl->signature_maps, 0);
		}
		mc = NULL; /* the metadata map, after the probes' maps */
		for (int k = 0; (r = find(FAKE_BPF, TSK_BPF_MAP_CREATE, k)); k++)
			if (((const struct tsk_attr_map_create *)r->attr)->value_size == sizeof(test_data))
				mc = (const void *)r->attr;
		CHECK(mc != NULL);
		if (!mc)
			continue;
		if (c->want_scheme == TINYSKEL_SCHEME_INLOADER) {
			CHECK_INT(pl->insn_cnt, 4);
			CHECK_INT(mc->excl_prog_hash, (uintptr_t)test_sha_c);
			CHECK_INT(fake_count(FAKE_BPF, TSK_BPF_OBJ_GET_INFO_BY_FD), 1);
		} else {
			/* the sealed signed loader, not the common one */
			CHECK_INT(pl->insn_cnt, 3);
			CHECK_INT(pl->insns, (uintptr_t)test_insns_sealed);
			CHECK_INT(mc->excl_prog_hash, (uintptr_t)test_sha_d);
			CHECK_INT(fake_count(FAKE_BPF, TSK_BPF_OBJ_GET_INFO_BY_FD), 0);
		}
		tinyskel_probe(&f);
		CHECK_INT(f.verify, 1);
		CHECK_INT(f.signature_maps, c->chain);
		tinyskel_destroy(&test_info_signed, &skel);

		/* the probes ran once: a second load adds exactly one PROG_LOAD */
		fake.ncalls = 0;
		opts.use_keyring = 1;
		opts.keyring_id = -3;
		tinyskel_init(&test_info_signed, &skel);
		CHECK_INT(tinyskel_load(&test_info_signed, &skel, &opts, &skel.result), 0);
		CHECK_INT(fake_count(FAKE_BPF, TSK_BPF_PROG_LOAD), 1);
		r = find(FAKE_BPF, TSK_BPF_PROG_LOAD, 0);
		if (r)
			CHECK_INT(((const struct tsk_attr_prog_load *)r->attr)->keyring_id, -3);
		tinyskel_destroy(&test_info_signed, &skel);

		/* skel->keyring_id (bpftool -S apps set it) is used when opts does
		 * not name a keyring; opts->keyring_id wins when it does */
		for (int with_opts = 0; with_opts < 2; with_opts++) {
			fake.ncalls = 0;
			opts.use_keyring = (uint32_t)with_opts;
			tinyskel_init(&test_info_signed, &skel);
			CHECK_INT(skel.keyring_id, TSK_DEFAULT_KEYRING);
			skel.keyring_id = 1234;
			CHECK_INT(tinyskel_load(&test_info_signed, &skel, &opts, &skel.result), 0);
			r = find(FAKE_BPF, TSK_BPF_PROG_LOAD, 0);
			CHECK(r != NULL);
			if (r)
				CHECK_INT(((const struct tsk_attr_prog_load *)r->attr)->keyring_id,
					  with_opts ? -3 : 1234);
			tinyskel_destroy(&test_info_signed, &skel);
		}
		opts.use_keyring = 0;
		no_leaks();
	}
}

static void test_signed_errors(void)
{
	static const struct { int err; const char *word; } cases[] = {
		{ -ENOKEY, "not in the keyring" }, { -EKEYREJECTED, "does not match" },
		{ -EBADMSG, "malformed" },         { -EINVAL, "keyring not found" },
		{ -EPERM, "not frozen" },          { -EOPNOTSUPP, "cannot verify" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tinyskel_opts opts = { .sz = sizeof(opts), .policy = TINYSKEL_POLICY_REQUIRE_SIGNED };

		check_ctx = cases[i].word;
		fake_reset(&test_info_signed);
		fake.chain_supported = 1;
		fake.probe_sig_err = -EBADMSG;
		fake.verify_err = cases[i].err;
		tinyskel_init(&test_info_signed, &skel);
		CHECK_INT(tinyskel_load(&test_info_signed, &skel, &opts, &skel.result), cases[i].err);
		CHECK_INT(skel.result.step, TINYSKEL_STEP_PROG_LOAD);
		if (test_built_in(TINYSKEL_SCHEME_CHAIN))
			CHECK_INT(skel.result.scheme, TINYSKEL_SCHEME_CHAIN);
		else /* a board building one scheme (CONFIG_PROBE_NONE) */
			CHECK(skel.result.scheme != TINYSKEL_SCHEME_NONE);
		CHECK_REASON(skel.result, cases[i].word);
		no_leaks();
	}
}

static void test_forced_inloader_unsigned(void)
{
	struct tinyskel_opts opts = { .sz = sizeof(opts), .policy = TINYSKEL_POLICY_UNSIGNED_ONLY,
				      .force_scheme = TINYSKEL_SCHEME_INLOADER + 1 };
	const struct fake_rec *r;

	if (!test_built_in(TINYSKEL_SCHEME_INLOADER))
		return;
	check_ctx = "in-loader variant loaded unsigned";
	fake_reset(&test_info_signed);
	tinyskel_init(&test_info_signed, &skel);
	CHECK_INT(tinyskel_load(&test_info_signed, &skel, &opts, &skel.result), 0);
	CHECK_INT(skel.result.scheme, TINYSKEL_SCHEME_NONE);
	CHECK_INT(fake_count(FAKE_BPF, TSK_BPF_OBJ_GET_INFO_BY_FD), 1);
	/* the layout probe's two map reads come first (probe_layout.c) */
	CHECK_INT(fake_count(FAKE_BPF, TSK_BPF_PROG_LOAD), 3);
	CHECK_INT(skel.result.sig_flags, 0); /* the fake accepts the excl read: later 6.18.y variant */
	r = find(FAKE_BPF, TSK_BPF_PROG_LOAD, 2);
	if (r) {
		CHECK_INT(((const struct tsk_attr_prog_load *)r->attr)->insn_cnt, 4);
		CHECK_INT(((const struct tsk_attr_prog_load *)r->attr)->signature, 0);
	}
	tinyskel_destroy(&test_info_signed, &skel);
	no_leaks();
}

/* Issue 11, item 19: a NULL skeleton is refused before any syscall. */
static void test_null_skel(void)
{
	struct tinyskel_opts opts = { .sz = sizeof(opts), .policy = TINYSKEL_POLICY_ALLOW_UNSIGNED };
	struct tinyskel_result res;

	check_ctx = "NULL skel";
	fake_reset(&test_info);
	CHECK_INT(tinyskel_init(&test_info, NULL), -EINVAL);
	CHECK_INT(tinyskel_load(&test_info, NULL, &opts, &res), -EINVAL);
	CHECK_INT(res.step, TINYSKEL_STEP_VALIDATE);
	CHECK_REASON(res, "skel");
	CHECK_INT(tinyskel_load(&test_info, NULL, NULL, NULL), -EINVAL);
	CHECK_INT(fake.ncalls, 0);
}

/* Issue 11, item 16: loading a loaded skeleton again would leak every fd
 * of the first load; it is refused, and the first load stays intact. */
static void test_second_load(void)
{
	int map_fd, open_fds;

	check_ctx = "second load";
	fake_reset(&test_info);
	tinyskel_init(&test_info, &skel);
	CHECK_INT(load(&test_info, TINYSKEL_POLICY_ALLOW_UNSIGNED), 0);
	map_fd = skel.maps.counts.map_fd;
	open_fds = fake.open_fds;
	fake.ncalls = 0;
	CHECK_INT(load(&test_info, TINYSKEL_POLICY_ALLOW_UNSIGNED), -EBUSY);
	CHECK_INT(skel.result.step, TINYSKEL_STEP_VALIDATE);
	CHECK_REASON(skel.result, "already loaded");
	CHECK_INT(fake.ncalls, 0);
	CHECK_INT(fake.open_fds, open_fds);
	CHECK_INT(skel.maps.counts.map_fd, map_fd);
	tinyskel_destroy(&test_info, &skel);
	no_leaks();
	/* destroy, init: loads again */
	tinyskel_init(&test_info, &skel);
	CHECK_INT(load(&test_info, TINYSKEL_POLICY_ALLOW_UNSIGNED), 0);
	tinyskel_destroy(&test_info, &skel);
	no_leaks();
}

/* CONFIG_PROBE_NONE: the kernel's answer is Kconfig's.  No probe runs;
 * a kernel that cannot verify refuses the signed load itself, and the load
 * fails at that step, never downgraded to an unsigned load. */
static void test_probe_none(void)
{
#ifdef CONFIG_PROBE_NONE
	static const uint32_t policies[] = { TINYSKEL_POLICY_REQUIRE_SIGNED, TINYSKEL_POLICY_ALLOW_UNSIGNED };
	size_t i;
	int err;

	for (i = 0; i < 2; i++) {
		check_ctx = i ? "PROBE_NONE, kernel cannot verify, unsigned allowed"
			      : "PROBE_NONE, kernel cannot verify, signature required";
		fake_reset(&test_info_signed);
		tinyskel_init(&test_info_signed, &skel);
		/* the fake answers as a kernel without the signing fields (chain:
		 * E2BIG), or one that cannot verify (EOPNOTSUPP, in-loader) */
		err = load(&test_info_signed, policies[i]);
		CHECK_INT(err, test_built_in(TINYSKEL_SCHEME_CHAIN) ? -E2BIG : -EOPNOTSUPP);
		CHECK_INT(skel.result.step, TINYSKEL_STEP_PROG_LOAD);
		CHECK(skel.result.scheme != TINYSKEL_SCHEME_NONE);
		CHECK_REASON(skel.result, err == -E2BIG ? "CONFIG_PROBE_NONE" : "cannot verify");
		/* the loader's, and only the in-loader layout probe's two map reads */
		CHECK_INT(fake_count(FAKE_BPF, TSK_BPF_PROG_LOAD),
			  test_built_in(TINYSKEL_SCHEME_INLOADER) ? 3 : 1);
		CHECK_INT(skel.progs.on_raw.prog_fd, 0);
		tinyskel_destroy(&test_info_signed, &skel);
		no_leaks();
	}
#endif
}

int main(void)
{
	test_null_skel();
	test_second_load();
	test_unsigned_load();
	test_no_exclusive_maps();
	test_log();
	test_loader_fails();
	test_loader_ret();
	test_toctou();
	test_policy();
	test_scheme_choice();
	test_signed_errors();
	test_forced_inloader_unsigned();
	test_probe_none();
	return check_exit();
}
