// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * inloader_test.c - the 6.18 LTS scheme (SCHEMES.md, inloader) against the
 * model of a 6.18 kernel that verifies: the signature covers the variant's
 * instructions only, and the loader compares the kernel's cached map hash
 * (and exclusive flag) with what it embeds before doing anything else.
 */
#include "model_test.h"

static const struct tinyskel_signature *inl(const struct tinyskel_skel_info *info)
{
	return find_sig(info->blob, TINYSKEL_SCHEME_INLOADER);
}

/* create (exclusive to the variant) - update - freeze - map hash - load
 * (signature, keyring, fd_array, attr size 168) - run; the check runs first
 * and compares all four hash words and the exclusive flag. */
static void test_steps(void)
{
	const struct km_stats *st = km_stats();
	static const int want[] = {
		TSK_BPF_MAP_CREATE, TSK_BPF_MAP_UPDATE_ELEM, TSK_BPF_MAP_FREEZE,
		TSK_BPF_OBJ_GET_INFO_BY_FD, TSK_BPF_PROG_LOAD, TSK_BPF_PROG_RUN,
	};
	unsigned int i, n = 0, from;
	struct tinyskel_features f;

	check_ctx = "inloader steps";
	setup(KM_6_18_VERIFY, counter_rsa__info());
	tinyskel_probe(NULL);
	CHECK_INT(tinyskel_probe_layout(&f), 0);
	CHECK_INT(f.map_excl_word, 1); /* the model lays bpf_map out as later 6.18.y */
	from = st->nr_log;
	EXPECT_OK(counter_rsa__info(), req(), TINYSKEL_SCHEME_INLOADER);
	for (i = from; i < st->nr_log && n < 6; i++) {
		if (st->log[i].call == KM_CALL_CLOSE)
			continue;
		CHECK_INT(st->log[i].call, want[n]);
		n++;
	}
	CHECK_INT(n, 6);
	CHECK_INT(st->last_load.attr_size, 168);
	CHECK_INT(st->last_load.fd_array_cnt, 0);
	CHECK(!memcmp(st->last_load.insns_sha256, inl(counter_rsa__info())->insns_sha256, 32));
	CHECK_INT(st->last_map_exclusive, 1);
	CHECK_INT(st->inloader_checks, 5);
	CHECK_INT(st->inloader_at_entry, 1);
}

static void test_rules(void)
{
	struct km_config cfg = kind_cfg(KM_6_18_VERIFY);
	struct tcopy c;

	/* Freeze left out: the kernel will not hash the map (EPERM). */
	check_ctx = "inloader unfrozen";
	cfg.freeze_noop = 1;
	setup_cfg(&cfg, counter_rsa__info());
	EXPECT_LOAD(counter_rsa__info(), req(), -EPERM, TINYSKEL_STEP_MAP_HASH, TINYSKEL_SCHEME_INLOADER);

	/* Map not exclusive: the loader's exclusive-flag check fails. */
	check_ctx = "inloader non-exclusive";
	cfg = kind_cfg(KM_6_18_VERIFY);
	cfg.excl_noop = 1;
	setup_cfg(&cfg, counter_rsa__info());
	EXPECT_LOAD(counter_rsa__info(), req(), -EKEYREJECTED, TINYSKEL_STEP_LOADER, TINYSKEL_SCHEME_INLOADER);

	/* Metadata changed, header's hash not: the runtime's own comparison
	 * of the kernel's hash names the mismatch before loading. */
	check_ctx = "inloader data vs header hash";
	tc_copy(&c, counter_rsa__info());
	tc_flip_data(&c, 8, 0);
	setup(KM_6_18_VERIFY, &c.info);
	EXPECT_LOAD(&c.info, req(), -EBADMSG, TINYSKEL_STEP_MAP_HASH, TINYSKEL_SCHEME_INLOADER);
	tc_free(&c);

	/* The common instructions are not this scheme's: changing them
	 * changes nothing here. */
	check_ctx = "inloader ignores common insns";
	tc_copy(&c, counter_rsa__info());
	tc_flip_insns(&c, 64, 0);
	setup(KM_6_18_VERIFY, &c.info);
	EXPECT_OK(&c.info, req(), TINYSKEL_SCHEME_INLOADER);
	tc_free(&c);

	/* Exclusive to another program (the variant's hash left stale):
	 * signature fine, then the verifier refuses the map (EACCES). */
	check_ctx = "inloader excl_prog_hash mismatch";
	tc_copy(&c, counter_rsa__info());
	c.sig_insns_sha[tc_index(&c, TINYSKEL_SCHEME_INLOADER)][0] ^= 1;
	setup(KM_6_18_VERIFY, &c.info);
	EXPECT_LOAD(&c.info, req(), -EACCES, TINYSKEL_STEP_PROG_LOAD, TINYSKEL_SCHEME_INLOADER);
	CHECK_STR(km_stats()->last_load.why, "program's hash doesn't match map's excl_prog_hash");
	tc_free(&c);
}

/* Unsigned, on this machine's kind of kernel (policy allowing): the
 * in-loader variant runs its check for real (issue 6's kernel test). */
static void test_unsigned_proof(void)
{
	struct tinyskel_opts o = policy_opts(TINYSKEL_POLICY_UNSIGNED_ONLY);
	struct tcopy c;

	check_ctx = "inloader unsigned on a 6.18 that cannot verify";
	o.force_scheme = TINYSKEL_SCHEME_INLOADER + 1;
	setup(KM_6_18_NOVERIFY, counter_rsa__info());
	EXPECT_OK(counter_rsa__info(), &o, TINYSKEL_SCHEME_NONE);
	CHECK_INT(km_stats()->last_load.signed_, 0);
	CHECK_INT(km_stats()->inloader_checks, 5);

	tc_copy(&c, counter_rsa__info());
	tc_flip_data(&c, 8, 1);
	setup(KM_6_18_NOVERIFY, &c.info);
	EXPECT_LOAD(&c.info, &o, -EKEYREJECTED, TINYSKEL_STEP_LOADER, TINYSKEL_SCHEME_NONE);
	tc_free(&c);
}

static void test_pick(void)
{
	struct tinyskel_opts o = *req();
	struct tcopy c;

	check_ctx = "6.18 verify pick";
	tc_copy(&c, counter_rsa__info());
	tc_only(&c, BIT(TINYSKEL_SCHEME_CHAIN) | BIT(TINYSKEL_SCHEME_LOADTIME));
	setup(KM_6_18_VERIFY, &c.info);
	EXPECT_LOAD(&c.info, req(), -EOPNOTSUPP, TINYSKEL_STEP_POLICY, TINYSKEL_SCHEME_NONE);
	tc_free(&c);

	/* A loadtime signature on 6.18: the kernel checks insns only. */
	o.force_scheme = TINYSKEL_SCHEME_LOADTIME + 1;
	setup(KM_6_18_VERIFY, counter_rsa__info());
	EXPECT_LOAD(counter_rsa__info(), &o, -EKEYREJECTED, TINYSKEL_STEP_PROG_LOAD, TINYSKEL_SCHEME_LOADTIME);

	/* The in-loader check on a kernel that dropped the map layout it
	 * reads: the loader fails (why the runtime must not pick it there). */
	o = policy_opts(TINYSKEL_POLICY_UNSIGNED_ONLY);
	o.force_scheme = TINYSKEL_SCHEME_INLOADER + 1;
	setup(KM_LOADTIME, counter_rsa__info());
	EXPECT_LOAD(counter_rsa__info(), &o, -EKEYREJECTED, TINYSKEL_STEP_LOADER, TINYSKEL_SCHEME_NONE);
}

int main(void)
{
	common_matrix(KM_6_18_VERIFY, TINYSKEL_SCHEME_INLOADER);
	test_steps();
	test_rules();
	test_unsigned_proof();
	test_pick();
	km_cleanup();
	return check_exit();
}
