/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * model_test.h - what the kernel-model tests share: the signed headers
 * skelgen made at build time (tests/tests.mk, "model"), writable copies of
 * a header's blob to tamper with, one load with every leak check, and the
 * expected-versus-got report.
 */
#ifndef MODEL_TEST_H
#define MODEL_TEST_H

#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "check.h"
#include "kernel_model.h"
#include "tinyskel.h"
#include "tinyskel_uapi.h"
#include "sys.h"

#include "counter_rsa.lskel.h"
#include "counter_ecdsa.lskel.h"
#include "counter_noski.lskel.h"
#include "counter_other.lskel.h"

#ifndef EKEYREJECTED
#define EKEYREJECTED 129
#endif
#ifndef ENOKEY
#define ENOKEY 126
#endif

/* All four headers come from one object: one storage type fits them all. */
typedef struct counter_rsa skel_t;
_Static_assert(sizeof(struct counter_ecdsa) == sizeof(skel_t), "same layout");
_Static_assert(sizeof(struct counter_other) == sizeof(skel_t), "same layout");
_Static_assert(sizeof(struct counter_noski) == sizeof(skel_t), "same layout");

#define BIT(s) (1u << (s))
#define TSK_AT_(skel, off, type) ((type *)(void *)((char *)(skel) + (off)))
#define ALL_SCHEMES (BIT(TINYSKEL_SCHEME_CHAIN) | BIT(TINYSKEL_SCHEME_LOADTIME) | BIT(TINYSKEL_SCHEME_INLOADER))

static inline const char *fixture(const char *name)
{
	static char path[4][512];
	static int n;
	const char *src = getenv("TINYSKEL_SRC");
	char *p = path[n++ % 4];

	snprintf(p, sizeof(path[0]), "%s/tests/fixtures/keys/%s", src ? src : ".", name);
	return p;
}

static inline void trust(int32_t keyring, const char *cert)
{
	if (km_keyring_add(keyring, cert ? fixture(cert) : NULL)) {
		printf("cannot set up keyring %d with %s\n", keyring, cert ? cert : "(none)");
		exit(1);
	}
}

/* A new kernel of `kind` (all other settings from `cfg` if given), the
 * runtime's probe cache forgotten, and the builtin keyring trusting the
 * three signing certificates of the test headers (not other-rsa2048). */
static inline void setup_empty(const struct km_config *cfg, const struct tinyskel_skel_info *info)
{
	struct km_config c = *cfg;

	c.skel_info = info;
	km_reset(&c);
	tinyskel_probe_reset();
}

static inline void setup_cfg(const struct km_config *cfg, const struct tinyskel_skel_info *info)
{
	setup_empty(cfg, info);
	trust(0, "rsa2048.crt.pem");
	trust(0, "p256.crt.pem");
	trust(0, "p256-noski.crt.pem");
}

static inline void setup(enum km_kernel kind, const struct tinyskel_skel_info *info)
{
	struct km_config c;

	memset(&c, 0, sizeof(c));
	c.kernel = kind;
	setup_cfg(&c, info);
}

/* ------------------------------------------------------------------ copies */

/* A deep, writable copy of a header's description. */
struct tcopy {
	struct tinyskel_skel_info info;
	struct tinyskel_blob blob;
	struct tinyskel_signature sigs[8];
	uint8_t *insns, *data, *sig[8], *sig_insns[8];
	uint8_t insns_sha[32], data_sha[32], sig_insns_sha[8][32];
};

static inline uint8_t *dup_bytes(const uint8_t *p, size_t n)
{
	uint8_t *d = malloc(n ? n : 1);

	if (!d) {
		printf("out of memory\n");
		exit(1);
	}
	memcpy(d, p, n);
	return d;
}

static inline void sha256(const void *p, size_t n, uint8_t out[32])
{
	unsigned int len = 32;

	EVP_Digest(p, n, out, &len, EVP_sha256(), NULL);
}

/* The metadata map's value in full (the header stores it without its
 * zero runs): the bytes the runtime uploads and the kernel hashes. */
static inline const uint8_t *blob_value(const struct tinyskel_blob *b)
{
	static uint8_t buf[1 << 16];

	if (b->data_sz > sizeof(buf)) {
		printf("metadata of %u bytes: larger than the test's buffer\n", b->data_sz);
		exit(1);
	}
	tinyskel_data_read(b, 0, b->data_sz, buf);
	return buf;
}

/* A signature's own instructions in full (stored in full or as edits of
 * the common loader): what the runtime loads. */
static inline const uint8_t *sig_insns(const struct tinyskel_blob *b, const struct tinyskel_signature *s)
{
	static uint8_t buf[1 << 16];

	if (s->insns || !(s->nr_edits || (s->flags & TINYSKEL_SIG_HASH_CHECK)))
		return s->insns ? s->insns : b->insns;
	if (s->insns_sz > sizeof(buf) || tinyskel_insns_rebuild(b, s, buf)) {
		printf("signature's instructions do not rebuild\n");
		exit(1);
	}
	return buf;
}

/* A signature's DER in full (its first bytes may be shared with the first
 * signature's): what the runtime passes to the kernel. */
static inline const uint8_t *sig_der(const struct tinyskel_blob *b, const struct tinyskel_signature *s)
{
	static uint8_t buf[4][1 << 16];
	static unsigned n;
	uint8_t *out = buf[n++ % 4];

	tinyskel_sig_read(b, s, out);
	return out;
}

static inline void tc_copy(struct tcopy *c, const struct tinyskel_skel_info *src)
{
	const struct tinyskel_blob *b = src->blob;
	uint32_t i;

	memset(c, 0, sizeof(*c));
	c->info = *src;
	c->blob = *b;
	c->info.blob = &c->blob;
	c->insns = dup_bytes(b->insns, b->insns_sz);
	/* Full forms: tests flip bytes of the value and of the variants. */
	c->data = malloc(b->data_sz);
	if (c->data)
		tinyskel_data_read(b, 0, b->data_sz, c->data);
	c->blob.nr_zeros = 0;
	c->blob.zeros = NULL;
	memcpy(c->insns_sha, b->insns_sha256, 32);
	memcpy(c->data_sha, b->data_sha256, 32);
	c->blob.insns = c->insns;
	c->blob.data = c->data;
	c->blob.insns_sha256 = c->insns_sha;
	c->blob.data_sha256 = c->data_sha;
	c->blob.sigs = c->sigs;
	for (i = 0; i < b->nr_sigs && i < 8; i++) {
		c->sigs[i] = b->sigs[i];
		c->sig[i] = dup_bytes(sig_der(b, &b->sigs[i]), b->sigs[i].sig_sz);
		c->sigs[i].sig = c->sig[i];
		c->sigs[i].sig_shared = 0;
		if (b->sigs[i].nr_edits || (b->sigs[i].flags & TINYSKEL_SIG_HASH_CHECK)) {
			c->sig_insns[i] = malloc(b->sigs[i].insns_sz);
			if (c->sig_insns[i] && tinyskel_insns_rebuild(b, &b->sigs[i], c->sig_insns[i])) {
				printf("header's signature edits do not rebuild\n");
				exit(1);
			}
			memcpy(c->sig_insns_sha[i], b->sigs[i].insns_sha256, 32);
			c->sigs[i].insns = c->sig_insns[i];
			c->sigs[i].insns_sha256 = c->sig_insns_sha[i];
			c->sigs[i].nr_edits = 0;
			c->sigs[i].edits = NULL;
			c->sigs[i].flags &= (uint16_t)~TINYSKEL_SIG_HASH_CHECK;
			c->sigs[i].check_at = 0;
		} else if (b->sigs[i].insns) {
			c->sig_insns[i] = dup_bytes(b->sigs[i].insns, b->sigs[i].insns_sz);
			memcpy(c->sig_insns_sha[i], b->sigs[i].insns_sha256, 32);
			c->sigs[i].insns = c->sig_insns[i];
			c->sigs[i].insns_sha256 = c->sig_insns_sha[i];
		}
	}
}

static inline void tc_free(struct tcopy *c)
{
	int i;

	free(c->insns);
	free(c->data);
	for (i = 0; i < 8; i++) {
		free(c->sig[i]);
		free(c->sig_insns[i]);
	}
	memset(c, 0, sizeof(*c));
}

static inline int tc_index(const struct tcopy *c, uint32_t scheme)
{
	uint32_t i;

	for (i = 0; i < c->blob.nr_sigs; i++)
		if (c->sigs[i].scheme == scheme)
			return (int)i;
	printf("header copy has no %s signature\n", tinyskel_scheme_name(scheme));
	exit(1);
}

/* Keep only the signatures of the schemes in `mask`, in header order. */
static inline void tc_only(struct tcopy *c, uint32_t mask)
{
	uint32_t i, n = 0;

	for (i = 0; i < c->blob.nr_sigs; i++) {
		if (!(mask & BIT(c->sigs[i].scheme)))
			continue;
		if (n != i) {
			uint8_t *s = c->sig[n], *si = c->sig_insns[n];
			uint8_t sha[32];

			memcpy(sha, c->sig_insns_sha[n], 32);
			c->sig[n] = c->sig[i];
			c->sig_insns[n] = c->sig_insns[i];
			memcpy(c->sig_insns_sha[n], c->sig_insns_sha[i], 32);
			c->sig[i] = s;
			c->sig_insns[i] = si;
			memcpy(c->sig_insns_sha[i], sha, 32);
			c->sigs[n] = c->sigs[i];
		}
		c->sigs[n].sig = c->sig[n];
		if (c->sigs[n].insns) {
			c->sigs[n].insns = c->sig_insns[n];
			c->sigs[n].insns_sha256 = c->sig_insns_sha[n];
		}
		n++;
	}
	c->blob.nr_sigs = n;
}

/* One byte of the common instructions flipped; the header's hash of them
 * recomputed (a consistent header, as an attacker would make it) unless
 * `stale_sha`. */
static inline void tc_flip_insns(struct tcopy *c, uint32_t off, int stale_sha)
{
	c->insns[off % c->blob.insns_sz] ^= 0x01;
	if (!stale_sha)
		sha256(c->insns, c->blob.insns_sz, c->insns_sha);
}

static inline void tc_flip_data(struct tcopy *c, uint32_t off, int update_sha)
{
	c->data[off % c->blob.data_sz] ^= 0x01;
	if (update_sha)
		sha256(c->data, c->blob.data_sz, c->data_sha);
}

/* The in-loader variant's own instructions (hash recomputed). */
static inline void tc_flip_sig_insns(struct tcopy *c, uint32_t scheme, uint32_t off)
{
	int i = tc_index(c, scheme);

	c->sig_insns[i][off % c->sigs[i].insns_sz] ^= 0x01;
	sha256(c->sig_insns[i], c->sigs[i].insns_sz, c->sig_insns_sha[i]);
}

/* Flip byte `off` of a signature (negative: from the end). */
static inline void tc_flip_sig(struct tcopy *c, uint32_t scheme, long off)
{
	int i = tc_index(c, scheme);
	uint32_t sz = c->sigs[i].sig_sz;

	c->sig[i][off < 0 ? sz + off : off] ^= 0x01;
}

/* Present the signature made for `from` as the one for `to`. */
static inline void tc_sig_from(struct tcopy *c, uint32_t to, const struct tinyskel_blob *src, uint32_t from)
{
	int i = tc_index(c, to);
	uint32_t j;

	for (j = 0; j < src->nr_sigs; j++) {
		if (src->sigs[j].scheme == from) {
			free(c->sig[i]);
			c->sig[i] = dup_bytes(sig_der(src, &src->sigs[j]), src->sigs[j].sig_sz);
			c->sigs[i].sig = c->sig[i];
			c->sigs[i].sig_sz = src->sigs[j].sig_sz;
			return;
		}
	}
	printf("source header has no %s signature\n", tinyskel_scheme_name(from));
	exit(1);
}

/* ------------------------------------------------------------------ loads */

static inline struct tinyskel_opts policy_opts(uint32_t policy)
{
	struct tinyskel_opts o;

	memset(&o, 0, sizeof(o));
	o.sz = sizeof(o);
	o.policy = policy;
	return o;
}

/* Options of a load that must be verified (the scheme tests' default). */
static inline const struct tinyskel_opts *req(void)
{
	static struct tinyskel_opts o;

	o = policy_opts(TINYSKEL_POLICY_REQUIRE_SIGNED);
	return &o;
}

static skel_t test_skel;
static int test_keep; /* 1: try_load leaves a successful load for the caller to destroy */

static inline int skel_fds_zero(const struct tinyskel_skel_info *info, void *skel)
{
	uint32_t i;

	for (i = 0; i < info->nr_maps; i++)
		if (TSK_AT_(skel, info->maps[i].desc_off, struct tinyskel_map_desc)->map_fd)
			return 0;
	for (i = 0; i < info->nr_progs; i++)
		if (TSK_AT_(skel, info->progs[i].desc_off, struct tinyskel_prog_desc)->prog_fd)
			return 0;
	return 1;
}

/* Load `info` into test_skel with every leak check: after a failure no fd
 * is open and the skeleton holds none; after success the skeleton's maps
 * and programs are exactly the open fds, and destroy closes them all. */
static inline int try_load(const struct tinyskel_skel_info *info, const struct tinyskel_opts *opts,
			   struct tinyskel_result *res)
{
	int err, bad_closes = (int)km_stats()->bad_closes, failures = check_failures;

	tinyskel_init(info, &test_skel);
	err = tinyskel_load(info, &test_skel, opts, res);
	if (err) {
		CHECK_INT(km_open_fds(), 0);
		CHECK_INT(km_open_mmaps(), 0);
		CHECK(skel_fds_zero(info, &test_skel));
	} else {
		CHECK_INT(km_open_fds(), info->nr_maps + info->nr_progs);
		if (!test_keep) {
			tinyskel_destroy(info, &test_skel);
			CHECK_INT(km_open_fds(), 0);
			CHECK_INT(km_open_mmaps(), 0);
		}
	}
	CHECK_INT(km_stats()->bad_closes, bad_closes);
	if (check_failures != failures)
		km_dump();
	return err;
}

static inline const char *errno_name(int e)
{
	static char buf[32];

	switch (-e) {
	case 0: return "0";
	case EPERM: return "-EPERM";
	case EINVAL: return "-EINVAL";
	case E2BIG: return "-E2BIG";
	case EACCES: return "-EACCES";
	case EBADMSG: return "-EBADMSG";
	case ENOKEY: return "-ENOKEY";
	case EKEYREJECTED: return "-EKEYREJECTED";
	case EOPNOTSUPP: return "-EOPNOTSUPP";
	case EBADF: return "-EBADF";
	case ENOENT: return "-ENOENT";
	case EFAULT: return "-EFAULT";
	case ENOMEM: return "-ENOMEM";
	case EBUSY: return "-EBUSY";
	default: snprintf(buf, sizeof(buf), "%d", e); return buf;
	}
}

static inline void expect_result(const char *file, int line, const char *what, int err,
				 const struct tinyskel_result *r, int want_err, uint32_t want_step,
				 uint32_t want_scheme)
{
	if (err == want_err && r->err == want_err && r->step == want_step && r->scheme == want_scheme &&
	    r->reason && *r->reason)
		return;
	check_failures++;
	printf("%s:%d: %s%s%s\n", file, line, check_ctx, *check_ctx ? ": " : "", what);
	printf("    expected: %s at step %s, scheme %s\n", errno_name(want_err), tinyskel_step_name(want_step),
	       tinyskel_scheme_name(want_scheme));
	printf("    got:      %s (res.err %s) at step %s, scheme %s: \"%s\"\n", errno_name(err),
	       errno_name(r->err), tinyskel_step_name(r->step), tinyskel_scheme_name(r->scheme),
	       r->reason ? r->reason : "(null)");
	printf("    model's last BPF_PROG_LOAD: %s, why \"%s\"\n", errno_name((int)km_stats()->last_load.ret),
	       km_stats()->last_load.why);
}

/* Load and compare with the expected errno, failing step and scheme. */
#define EXPECT_LOAD(info, opts, want_err, want_step, want_scheme)                                    \
	do {                                                                                         \
		struct tinyskel_result r_;                                                           \
		int e_ = try_load((info), (opts), &r_);                                              \
		expect_result(__FILE__, __LINE__, #info, e_, &r_, (want_err), (want_step),           \
			      (want_scheme));                                                        \
	} while (0)

#define EXPECT_OK(info, opts, scheme) EXPECT_LOAD(info, opts, 0, TINYSKEL_STEP_NONE, scheme)

/* ------------------------------------------------------------------ by hand */

/* The metadata map made by hand through the model: created (exclusive to
 * `excl_sha` if given), filled with `data`, frozen.  Returns the fd. */
static inline int hand_map(const uint8_t *data, uint32_t sz, const uint8_t *excl_sha)
{
	struct tsk_attr_map_create a;
	struct tsk_attr_map_elem e;
	struct tsk_attr_map_freeze f;
	uint32_t key = 0;
	long fd;

	memset(&a, 0, sizeof(a));
	a.map_type = TSK_BPF_MAP_TYPE_ARRAY;
	a.key_size = 4;
	a.value_size = sz;
	a.max_entries = 1;
	a.excl_prog_hash = (uint64_t)(uintptr_t)excl_sha;
	a.excl_prog_hash_size = excl_sha ? 32 : 0;
	fd = tsk_sys_bpf(TSK_BPF_MAP_CREATE, &a, TSK_MAP_CREATE_SZ_EXCL);
	if (fd < 0) {
		printf("hand_map: map create %s\n", errno_name((int)fd));
		exit(1);
	}
	memset(&e, 0, sizeof(e));
	e.map_fd = (uint32_t)fd;
	e.key = (uint64_t)(uintptr_t)&key;
	e.value = (uint64_t)(uintptr_t)data;
	memset(&f, 0, sizeof(f));
	f.map_fd = (uint32_t)fd;
	if (tsk_sys_bpf(TSK_BPF_MAP_UPDATE_ELEM, &e, sizeof(e)) || tsk_sys_bpf(TSK_BPF_MAP_FREEZE, &f, sizeof(f))) {
		printf("hand_map: update/freeze failed\n");
		exit(1);
	}
	return (int)fd;
}

/* A signed BPF_PROG_LOAD made by hand.  Closes the program if loaded;
 * returns 0 or the errno. */
struct hand_load {
	const uint8_t *insns;
	uint32_t insns_sz;
	const uint8_t *sig;
	uint32_t sig_sz;
	int32_t keyring_id;
	int *fd_array;
	uint32_t fd_array_cnt;
	const int *sig_maps;
	uint32_t sig_maps_sz;
	unsigned int attr_sz;
};

static inline long hand_prog_load(const struct hand_load *h)
{
	static const char license[] = "Dual BSD/GPL";
	struct tsk_attr_prog_load a;
	long fd;

	memset(&a, 0, sizeof(a));
	a.prog_type = TSK_BPF_PROG_TYPE_SYSCALL;
	a.insns = (uint64_t)(uintptr_t)h->insns;
	a.insn_cnt = h->insns_sz / 8;
	a.license = (uint64_t)(uintptr_t)license;
	a.prog_flags = TSK_BPF_F_SLEEPABLE;
	a.fd_array = (uint64_t)(uintptr_t)h->fd_array;
	a.fd_array_cnt = h->fd_array_cnt;
	a.signature = (uint64_t)(uintptr_t)h->sig;
	a.signature_size = h->sig_sz;
	a.keyring_id = h->keyring_id;
	a.signature_maps = (uint64_t)(uintptr_t)h->sig_maps;
	a.signature_maps_size = h->sig_maps_sz;
	fd = tsk_sys_bpf(TSK_BPF_PROG_LOAD, &a, h->attr_sz ? h->attr_sz : TSK_PROG_LOAD_SZ_SIGNED);
	if (fd >= 0) {
		tsk_sys_close((int)fd);
		return 0;
	}
	return fd;
}

static inline const struct tinyskel_signature *find_sig(const struct tinyskel_blob *b, uint32_t scheme)
{
	uint32_t i;

	for (i = 0; i < b->nr_sigs; i++)
		if (b->sigs[i].scheme == scheme)
			return &b->sigs[i];
	printf("header has no %s signature\n", tinyskel_scheme_name(scheme));
	exit(1);
}

#define EXPECT_ERR(got, want)                                                                        \
	do {                                                                                         \
		long g_ = (got), w_ = (want);                                                        \
		if (g_ != w_) {                                                                      \
			printf("%s:%d: %s%s%s: expected %s, got %s (model: \"%s\")\n", __FILE__, __LINE__, \
			       check_ctx, *check_ctx ? ": " : "", #got, errno_name((int)w_),        \
			       errno_name((int)g_), km_stats()->last_load.why);                      \
			check_failures++;                                                            \
		}                                                                                    \
	} while (0)

/* ------------------------------------------------------------------ certs */

/* The subjectKeyIdentifier of a fixture certificate (20 bytes). */
static inline int cert_ski(const char *name, uint8_t out[20])
{
	FILE *f = fopen(fixture(name), "r");
	X509 *x = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
	const ASN1_OCTET_STRING *ski = x ? X509_get0_subject_key_id(x) : NULL;
	int ok = ski && ski->length == 20;

	if (ok)
		memcpy(out, ski->data, 20);
	X509_free(x);
	if (f)
		fclose(f);
	return ok ? 0 : -1;
}

/* ------------------------------------------------------------------ matrix */

static inline struct km_config kind_cfg(enum km_kernel kind)
{
	struct km_config c;

	memset(&c, 0, sizeof(c));
	c.kernel = kind;
	return c;
}

/*
 * What every signed scheme must accept and reject, on a kernel of `kind`
 * whose runtime picks `scheme` for a full header (policy: require a
 * verified signature, so nothing falls back to unsigned):
 * good loads with RSA (signer by SKI), ECDSA (by SKI) and ECDSA (by issuer
 * and serial); one flipped byte in the instructions, the data, the
 * signature's value and the signature's DER; the certificate missing from
 * the keyring; a keyring that does not exist; the certificate found only
 * through the keyring override; another scheme's signature.
 */
static inline void common_matrix(enum km_kernel kind, uint32_t scheme)
{
	const struct tinyskel_skel_info *heads[3] = {
		counter_rsa__info(), counter_ecdsa__info(), counter_noski__info(),
	};
	static const char *const names[3] = { "rsa2048", "p256", "p256-noski" };
	static const char *const certs[3] = { "rsa2048.crt.pem", "p256.crt.pem", "p256-noski.crt.pem" };
	struct tinyskel_opts req = policy_opts(TINYSKEL_POLICY_REQUIRE_SIGNED), o;
	struct km_config cfg = kind_cfg(kind);
	uint32_t other = scheme == TINYSKEL_SCHEME_LOADTIME ? TINYSKEL_SCHEME_CHAIN : TINYSKEL_SCHEME_LOADTIME;
	char ctx[128];
	struct tcopy c;
	int h, verified = 0;

	for (h = 0; h < 3; h++) {
		const struct tinyskel_skel_info *info = heads[h];

		snprintf(ctx, sizeof(ctx), "%s, %s", tinyskel_scheme_name(scheme), names[h]);
		check_ctx = ctx;

		setup(kind, info);
		test_keep = 1;
		EXPECT_OK(info, &req, scheme);
		test_keep = 0;
		CHECK(km_is_prog(((skel_t *)&test_skel)->progs.count_syscall.prog_fd, NULL));
		tinyskel_destroy(info, &test_skel);
		CHECK_INT(km_open_fds(), 0);
		CHECK_INT(km_stats()->last_load.signed_, 1);
		CHECK_INT(km_stats()->last_load.ret < 0, 0);

		/* The loader instructions the signature covers, one byte flipped. */
		tc_copy(&c, info);
		tc_flip_sig_insns(&c, scheme, 64);
		setup(kind, &c.info);
		EXPECT_LOAD(&c.info, &req, -EKEYREJECTED, TINYSKEL_STEP_PROG_LOAD, scheme);
		tc_free(&c);

		/* The metadata, one byte flipped.  inloader: the signature does
		 * not cover it; the loader's own check refuses it (it returns
		 * TINYSKEL_LOADER_TAMPERED, the runtime says so), once the
		 * header's data hash is made to match. */
		tc_copy(&c, info);
		tc_flip_data(&c, 100, scheme == TINYSKEL_SCHEME_INLOADER);
		setup(kind, &c.info);
		if (scheme == TINYSKEL_SCHEME_INLOADER) {
			struct tinyskel_result r;

			EXPECT_LOAD(&c.info, &req, -EKEYREJECTED, TINYSKEL_STEP_LOADER, scheme);
			try_load(&c.info, &req, &r);
			CHECK_INT(r.loader_ret, TINYSKEL_LOADER_TAMPERED);
			CHECK(strstr(r.reason, "metadata does not match the signed hash (tampered)") != NULL);
		} else {
			EXPECT_LOAD(&c.info, &req, -EKEYREJECTED, TINYSKEL_STEP_PROG_LOAD, scheme);
		}
		tc_free(&c);

		/* The signature's last byte (inside the signature value). */
		tc_copy(&c, info);
		tc_flip_sig(&c, scheme, -1);
		setup(kind, &c.info);
		EXPECT_LOAD(&c.info, &req, -EKEYREJECTED, TINYSKEL_STEP_PROG_LOAD, scheme);
		tc_free(&c);

		/* The signature's first byte (the DER SEQUENCE tag): malformed. */
		tc_copy(&c, info);
		tc_flip_sig(&c, scheme, 0);
		setup(kind, &c.info);
		EXPECT_LOAD(&c.info, &req, -EBADMSG, TINYSKEL_STEP_PROG_LOAD, scheme);
		tc_free(&c);

		/* Certificate not in the keyring (another one is). */
		setup_empty(&cfg, info);
		trust(0, "other-rsa2048.crt.pem");
		EXPECT_LOAD(info, &req, -ENOKEY, TINYSKEL_STEP_PROG_LOAD, scheme);

		/* A keyring that does not exist. */
		setup(kind, info);
		o = req;
		o.use_keyring = 1;
		o.keyring_id = 4242;
		EXPECT_LOAD(info, &o, -EINVAL, TINYSKEL_STEP_PROG_LOAD, scheme);

		/* The certificate only in the session keyring: the default
		 * (builtin) keyring refuses, the per-load override finds it. */
		setup_empty(&cfg, info);
		trust(-3, certs[h]);
		EXPECT_LOAD(info, &req, -ENOKEY, TINYSKEL_STEP_PROG_LOAD, scheme);
		CHECK_INT(km_stats()->last_load.keyring_id, 0);
		o = req;
		o.use_keyring = 1;
		o.keyring_id = -3;
		EXPECT_OK(info, &o, scheme);
		CHECK_INT(km_stats()->last_load.keyring_id, -3);

		/* Another scheme's signature presented as this scheme's. */
		tc_copy(&c, info);
		tc_sig_from(&c, scheme, info->blob, other);
		setup(kind, &c.info);
		EXPECT_LOAD(&c.info, &req, -EKEYREJECTED, TINYSKEL_STEP_PROG_LOAD, scheme);
		tc_free(&c);
	}

	/* Signed by a key whose certificate is not in the keyring. */
	check_ctx = tinyskel_scheme_name(scheme);
	setup(kind, counter_other__info());
	EXPECT_LOAD(counter_other__info(), &req, -ENOKEY, TINYSKEL_STEP_PROG_LOAD, scheme);
	/* ... and once its certificate is trusted, accepted. */
	trust(0, "other-rsa2048.crt.pem");
	tinyskel_probe_reset();
	EXPECT_OK(counter_other__info(), &req, scheme);

	/* A signature by that other key that names the trusted certificate
	 * (its SKI rewritten): the signer is found, the signature fails. */
	{
		uint8_t ski_other[20], ski_rsa[20];
		uint8_t *p;
		int i;

		tc_copy(&c, counter_rsa__info());
		tc_sig_from(&c, scheme, counter_other__info()->blob, scheme);
		i = tc_index(&c, scheme);
		CHECK(cert_ski("other-rsa2048.crt.pem", ski_other) == 0 && cert_ski("rsa2048.crt.pem", ski_rsa) == 0);
		p = memmem(c.sig[i], c.sigs[i].sig_sz, ski_other, 20);
		CHECK(p != NULL);
		if (p)
			memcpy(p, ski_rsa, 20);
		/* inloader: the other header's variant embeds the same hash, so
		 * its instructions are this header's too. */
		setup(kind, &c.info);
		EXPECT_LOAD(&c.info, &req, -EKEYREJECTED, TINYSKEL_STEP_PROG_LOAD, scheme);
		tc_free(&c);
	}
	check_ctx = "";
	(void)verified;
}

#endif /* MODEL_TEST_H */
