// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * chain_test.c - the hash-chain scheme (signature_maps UAPI) against the
 * model of a 6.18 kernel carrying the hash-chain patch (SCHEMES.md, chain).
 */
#include "model_test.h"

/* What the runtime passes: signature, keyring, fd_array = {map},
 * signature_maps = {0}, size 1, attr size up to signature_maps_size. */
static void test_uapi(void)
{
	const struct km_load *l = &km_stats()->last_load;

	check_ctx = "chain uapi";
	setup(KM_CHAIN, counter_rsa__info());
	EXPECT_OK(counter_rsa__info(), req(), TINYSKEL_SCHEME_CHAIN);
	CHECK_INT(l->attr_size, 180);
	CHECK_INT(l->signature_maps_size, 1);
	CHECK_INT(l->signature_map0, 0);
	CHECK_INT(l->fd_array_cnt, 0);
	CHECK_INT(l->signature_size, find_sig(counter_rsa__blob(), TINYSKEL_SCHEME_CHAIN)->sig_sz);
	/* the sealed signed loader the signature covers, not the common one */
	CHECK_INT(l->insn_cnt, find_sig(counter_rsa__blob(), TINYSKEL_SCHEME_CHAIN)->insns_sz / 8);
	CHECK(!memcmp(l->insns_sha256, find_sig(counter_rsa__blob(), TINYSKEL_SCHEME_CHAIN)->insns_sha256, 32));
	CHECK(memcmp(l->insns_sha256, counter_rsa__blob()->insns_sha256, 32) != 0);
	/* The metadata map is exclusive wherever the kernel can (6.18+). */
	CHECK_INT(km_stats()->last_map_exclusive, 1);
}

/* Freeze left out: the patch with the 2026 fix refuses to hash the map
 * (EPERM); the patch as first measured accepted it. */
static void test_unfrozen(void)
{
	struct km_config cfg = kind_cfg(KM_CHAIN);

	check_ctx = "chain unfrozen";
	cfg.freeze_noop = 1;
	setup_cfg(&cfg, counter_rsa__info());
	EXPECT_LOAD(counter_rsa__info(), req(), -EPERM, TINYSKEL_STEP_PROG_LOAD, TINYSKEL_SCHEME_CHAIN);
	cfg.chain_unfrozen_ok = 1;
	setup_cfg(&cfg, counter_rsa__info());
	EXPECT_OK(counter_rsa__info(), req(), TINYSKEL_SCHEME_CHAIN);
}

/* The chain patch does not itself require exclusive maps. */
static void test_nonexclusive(void)
{
	struct km_config cfg = kind_cfg(KM_CHAIN);

	check_ctx = "chain non-exclusive";
	cfg.excl_noop = 1;
	setup_cfg(&cfg, counter_rsa__info());
	EXPECT_OK(counter_rsa__info(), req(), TINYSKEL_SCHEME_CHAIN);
	CHECK_INT(km_stats()->last_map_exclusive, 0);
}

/* signature_maps by hand: the indices point into fd_array. */
static void test_signature_maps(void)
{
	const struct tinyskel_blob *b = counter_rsa__blob();
	const struct tinyskel_signature *s = find_sig(b, TINYSKEL_SCHEME_CHAIN);
	static const int idx0[1] = { 0 }, idx1[1] = { 1 }, idx5[1] = { 5 };
	uint8_t decoy_data[4096];
	struct hand_load h;
	int fds[8], i;

	check_ctx = "chain signature_maps by hand";
	setup(KM_CHAIN, NULL);
	memcpy(decoy_data, blob_value(b), b->data_sz);
	decoy_data[0] ^= 1;
	fds[0] = hand_map(decoy_data, b->data_sz, NULL);
	fds[1] = hand_map(blob_value(b), b->data_sz, NULL);
	for (i = 2; i < 8; i++)
		fds[i] = -1;

	memset(&h, 0, sizeof(h));
	h.insns = sig_insns(b, s);
	h.insns_sz = s->insns_sz;
	h.sig = sig_der(b, s);
	h.sig_sz = s->sig_sz;
	h.attr_sz = TSK_PROG_LOAD_SZ_CHAIN;
	h.sig_maps_sz = 1;

	/* fd_array = {decoy, metadata}: index 1 names the signed map. */
	h.fd_array = fds;
	h.sig_maps = idx1;
	EXPECT_ERR(hand_prog_load(&h), 0);
	/* index 0 names the decoy: the chain hashes the wrong map. */
	h.sig_maps = idx0;
	EXPECT_ERR(hand_prog_load(&h), -EKEYREJECTED);
	/* An index whose fd_array slot holds no fd. */
	h.sig_maps = idx5;
	EXPECT_ERR(hand_prog_load(&h), -EBADF);
	/* No signature_maps: the kernel checks the instructions alone. */
	h.fd_array = &fds[1];
	h.sig_maps = NULL;
	h.sig_maps_sz = 0;
	EXPECT_ERR(hand_prog_load(&h), -EKEYREJECTED);
	/* ... and attr size 168 (no signature_maps fields at all): the same. */
	h.attr_sz = TSK_PROG_LOAD_SZ_SIGNED;
	EXPECT_ERR(hand_prog_load(&h), -EKEYREJECTED);
	/* The instructions-only (inloader) signature with its own
	 * instructions is what a chain kernel accepts without signature_maps. */
	s = find_sig(b, TINYSKEL_SCHEME_INLOADER);
	h.insns = sig_insns(b, s);
	h.insns_sz = s->insns_sz;
	h.sig = sig_der(b, s);
	h.sig_sz = s->sig_sz;
	EXPECT_ERR(hand_prog_load(&h), 0);

	tsk_sys_close(fds[0]);
	tsk_sys_close(fds[1]);
	CHECK_INT(km_open_fds(), 0);
}

/* Which signature the runtime picks on a chain kernel. */
static void test_pick(void)
{
	struct tcopy c;

	check_ctx = "chain kernel pick";
	tc_copy(&c, counter_rsa__info());
	tc_only(&c, BIT(TINYSKEL_SCHEME_CHAIN) | BIT(TINYSKEL_SCHEME_LOADTIME));
	setup(KM_CHAIN, &c.info);
	EXPECT_OK(&c.info, req(), TINYSKEL_SCHEME_CHAIN);
	tc_free(&c);

	/* Without a chain signature, the 6.18 base still verifies inloader. */
	tc_copy(&c, counter_rsa__info());
	tc_only(&c, BIT(TINYSKEL_SCHEME_LOADTIME) | BIT(TINYSKEL_SCHEME_INLOADER));
	setup(KM_CHAIN, &c.info);
	EXPECT_OK(&c.info, req(), TINYSKEL_SCHEME_INLOADER);
	tc_free(&c);

	/* loadtime only: this kernel cannot verify it. */
	tc_copy(&c, counter_rsa__info());
	tc_only(&c, BIT(TINYSKEL_SCHEME_LOADTIME));
	setup(KM_CHAIN, &c.info);
	EXPECT_LOAD(&c.info, req(), -EOPNOTSUPP, TINYSKEL_STEP_POLICY, TINYSKEL_SCHEME_NONE);
	tc_free(&c);

	/* Forced anyway: the kernel rejects loadtime content (measured). */
	{
		struct tinyskel_opts o = *req();

		o.force_scheme = TINYSKEL_SCHEME_LOADTIME + 1;
		setup(KM_CHAIN, counter_rsa__info());
		EXPECT_LOAD(counter_rsa__info(), &o, -EKEYREJECTED, TINYSKEL_STEP_PROG_LOAD,
			    TINYSKEL_SCHEME_LOADTIME);
	}
}

int main(void)
{
	common_matrix(KM_CHAIN, TINYSKEL_SCHEME_CHAIN);
	test_uapi();
	test_unfrozen();
	test_nonexclusive();
	test_signature_maps();
	test_pick();
	km_cleanup();
	return check_exit();
}
