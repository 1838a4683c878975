// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * loadtime_test.c - load-time verification (SCHEMES.md, loadtime) against
 * the model of a 7.3-era kernel: content insns || data, the map exclusive,
 * frozen and bound through fd_array_cnt, each refusal with its errno.
 */
#include "model_test.h"

/* signature, keyring, fd_array = {map}, fd_array_cnt = 1, attr size 168;
 * the map exclusive to SHA-256(insns). */
static void test_uapi(void)
{
	const struct km_load *l = &km_stats()->last_load;

	check_ctx = "loadtime uapi";
	setup(KM_LOADTIME, counter_rsa__info());
	EXPECT_OK(counter_rsa__info(), req(), TINYSKEL_SCHEME_LOADTIME);
	CHECK_INT(l->attr_size, 168);
	CHECK_INT(l->fd_array_cnt, 1);
	CHECK_INT(l->signature_maps_size, 0);
	/* the sealed signed loader the signature covers, not the common one */
	CHECK(!memcmp(l->insns_sha256, find_sig(counter_rsa__blob(), TINYSKEL_SCHEME_LOADTIME)->insns_sha256, 32));
	CHECK(memcmp(l->insns_sha256, counter_rsa__blob()->insns_sha256, 32) != 0);
	CHECK_INT(km_stats()->last_map_exclusive, 1);
}

static void test_map_rules(void)
{
	unsigned long sig_checks;
	struct km_config cfg = kind_cfg(KM_LOADTIME);
	struct tcopy c;

	/* Freeze left out: EPERM. */
	check_ctx = "loadtime unfrozen";
	cfg.freeze_noop = 1;
	setup_cfg(&cfg, counter_rsa__info());
	EXPECT_LOAD(counter_rsa__info(), req(), -EPERM, TINYSKEL_STEP_PROG_LOAD, TINYSKEL_SCHEME_LOADTIME);

	/* Map not exclusive: EPERM (EINVAL in an early revision). */
	check_ctx = "loadtime non-exclusive";
	cfg = kind_cfg(KM_LOADTIME);
	cfg.excl_noop = 1;
	setup_cfg(&cfg, counter_rsa__info());
	EXPECT_LOAD(counter_rsa__info(), req(), -EPERM, TINYSKEL_STEP_PROG_LOAD, TINYSKEL_SCHEME_LOADTIME);
	cfg.loadtime_nonexcl_einval = 1;
	setup_cfg(&cfg, counter_rsa__info());
	EXPECT_LOAD(counter_rsa__info(), req(), -EINVAL, TINYSKEL_STEP_PROG_LOAD, TINYSKEL_SCHEME_LOADTIME);

	/* The exclusive-map rule: a map made exclusive to another program
	 * (the header's instruction hash left stale after a change) -> EACCES,
	 * before the signature is looked at. */
	check_ctx = "loadtime excl_prog_hash mismatch";
	tc_copy(&c, counter_rsa__info());
	c.sig_insns[tc_index(&c, TINYSKEL_SCHEME_LOADTIME)][64] ^= 1; /* its hash left stale */
	setup(KM_LOADTIME, &c.info);
	tinyskel_probe(NULL); /* the probes' junk signature is checked once: not this load's */
	sig_checks = km_stats()->sig_checks;
	EXPECT_LOAD(&c.info, req(), -EACCES, TINYSKEL_STEP_PROG_LOAD, TINYSKEL_SCHEME_LOADTIME);
	CHECK_INT(km_stats()->sig_checks, sig_checks);
	tc_free(&c);
}

/* Requirements only a hand-made load can break. */
static void test_by_hand(void)
{
	const struct tinyskel_blob *b = counter_rsa__blob();
	const struct tinyskel_signature *s = find_sig(b, TINYSKEL_SCHEME_LOADTIME);
	static const uint8_t junk[8] = { 0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00 };
	struct hand_load h;
	int fd, plain;

	check_ctx = "loadtime by hand";
	setup(KM_LOADTIME, NULL);
	fd = hand_map(blob_value(b), b->data_sz, s->insns_sha256);
	plain = hand_map(blob_value(b), b->data_sz, NULL);
	memset(&h, 0, sizeof(h));
	h.insns = sig_insns(b, s);
	h.insns_sz = s->insns_sz;
	h.sig = sig_der(b, s);
	h.sig_sz = s->sig_sz;
	h.fd_array = &fd;
	h.fd_array_cnt = 1;
	EXPECT_ERR(hand_prog_load(&h), 0);
	/* The map reached through a sparse fd_array (fd_array_cnt 0). */
	h.fd_array_cnt = 0;
	EXPECT_ERR(hand_prog_load(&h), -EACCES);
	h.fd_array_cnt = 1;
	/* fd_array_cnt beyond what the kernel allows. */
	h.fd_array_cnt = 65;
	EXPECT_ERR(hand_prog_load(&h), -E2BIG);
	h.fd_array_cnt = 1;
	/* Zero signature_size. */
	h.sig_sz = 0;
	EXPECT_ERR(hand_prog_load(&h), -EINVAL);
	h.sig_sz = s->sig_sz;
	/* Keyring that does not exist. */
	h.keyring_id = 77;
	EXPECT_ERR(hand_prog_load(&h), -EINVAL);
	h.keyring_id = 0;
	/* Junk signature: parsed only after the maps pass -> EBADMSG ... */
	h.sig = junk;
	h.sig_sz = sizeof(junk);
	EXPECT_ERR(hand_prog_load(&h), -EBADMSG);
	/* ... but a non-exclusive map is refused first (the probe's basis). */
	h.fd_array = &plain;
	EXPECT_ERR(hand_prog_load(&h), -EPERM);
	tsk_sys_close(fd);
	tsk_sys_close(plain);
	CHECK_INT(km_open_fds(), 0);
}

static void test_pick(void)
{
	struct tinyskel_opts o = *req();
	struct tcopy c;

	check_ctx = "loadtime kernel pick";
	tc_copy(&c, counter_rsa__info());
	tc_only(&c, BIT(TINYSKEL_SCHEME_CHAIN) | BIT(TINYSKEL_SCHEME_LOADTIME));
	setup(KM_LOADTIME, &c.info);
	EXPECT_OK(&c.info, req(), TINYSKEL_SCHEME_LOADTIME);
	tc_free(&c);

	/* Neither chain nor inloader can be verified here. */
	tc_copy(&c, counter_rsa__info());
	tc_only(&c, BIT(TINYSKEL_SCHEME_CHAIN) | BIT(TINYSKEL_SCHEME_INLOADER));
	setup(KM_LOADTIME, &c.info);
	EXPECT_LOAD(&c.info, req(), -EOPNOTSUPP, TINYSKEL_STEP_POLICY, TINYSKEL_SCHEME_NONE);
	tc_free(&c);

	/* A skeleton signed for 6.18 (inloader) fails here: loaded as the
	 * runtime loads inloader (no fd_array_cnt), its map is reached through
	 * a sparse fd_array (EACCES); bound properly, the kernel folds the map
	 * into the content and the instructions-only signature fails. */
	o.force_scheme = TINYSKEL_SCHEME_INLOADER + 1;
	setup(KM_LOADTIME, counter_rsa__info());
	EXPECT_LOAD(counter_rsa__info(), &o, -EACCES, TINYSKEL_STEP_PROG_LOAD, TINYSKEL_SCHEME_INLOADER);
	{
		const struct tinyskel_signature *s = find_sig(counter_rsa__blob(), TINYSKEL_SCHEME_INLOADER);
		const struct tinyskel_blob *b = counter_rsa__blob();
		struct hand_load h;
		int fd = hand_map(blob_value(b), b->data_sz, s->insns_sha256);

		memset(&h, 0, sizeof(h));
		h.insns = sig_insns(b, s);
		h.insns_sz = s->insns_sz;
		h.sig = sig_der(b, s);
		h.sig_sz = s->sig_sz;
		h.fd_array = &fd;
		h.fd_array_cnt = 1;
		EXPECT_ERR(hand_prog_load(&h), -EKEYREJECTED);
		tsk_sys_close(fd);
	}
}

int main(void)
{
	common_matrix(KM_LOADTIME, TINYSKEL_SCHEME_LOADTIME);
	test_uapi();
	test_map_rules();
	test_by_hand();
	test_pick();
	km_cleanup();
	return check_exit();
}
