/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * kernel_model.c - the runtime's syscall file (runtime/sys.h) implemented
 * as a model of each kernel signing scheme; see kernel_model.h and
 * SCHEMES.md.  Test-only: links OpenSSL (libcrypto).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "tinyskel.h"
#include "tinyskel_uapi.h"
#include "sys.h"
#include "kernel_model.h"

#ifndef EKEYREJECTED
#define EKEYREJECTED 129
#endif
#ifndef ENOKEY
#define ENOKEY 126
#endif

#define MAX_FDS 256
#define MAX_MMAPS 64
#define MAX_KEYRINGS 16
#define MAX_CERTS 8
#define MAX_FAILS 16
#define MAX_FILES 8
#define MAX_USED_MAPS 64
#define SIG_MAX (4u << 20)       /* kvmemdup of the signature: larger -> EINVAL */
#define PSEUDO_MAP_FD 1
#define PSEUDO_MAP_VALUE 2
#define PSEUDO_MAP_IDX 5
#define PSEUDO_MAP_IDX_VALUE 6
#define BPF_F_MMAPABLE (1u << 10)
#define BPF_F_RDONLY_PROG (1u << 7)

enum obj_kind { OBJ_MAP = 1, OBJ_PROG, OBJ_LINK, OBJ_PERF };

struct obj {
	int kind;
	int refs;
	/* map */
	uint32_t map_type, key_size, value_size, max_entries, map_flags;
	int memfd;
	uint8_t *value;          /* round8(value_size) * max_entries bytes, page-rounded mapping */
	size_t value_alloc;
	int frozen, exclusive, writable_maps;
	uint8_t excl_hash[32];
	uint8_t sha[32];         /* the map object's cached hash (6.18): zero until asked */
	/* prog */
	uint8_t *insns;
	uint32_t insns_sz;
	uint8_t insns_sha256[32];
	int verified;
	struct obj *idx_maps[MAX_USED_MAPS]; /* fd_array index -> map, as bound */
	struct obj *used[MAX_USED_MAPS];
	uint32_t nr_used;
};

struct mapping {
	void *addr;
	size_t len;
	struct obj *map;
	int writable;
};

struct keyring {
	int32_t id;
	int used;
	X509 *certs[MAX_CERTS];
	int nr_certs;
};

struct fail_rule {
	int call;
	unsigned int nth;
	int err;
};

static struct {
	struct km_config cfg;
	struct obj *fds[MAX_FDS];
	struct mapping maps[MAX_MMAPS];
	struct keyring keyrings[MAX_KEYRINGS];
	struct fail_rule fails[MAX_FAILS];
	int nr_fails;
	struct { char path[128]; char content[64]; } files[MAX_FILES];
	int nr_files;
	struct km_stats stats;
} km;

/* ------------------------------------------------------------------ helpers */

static void sha256(const void *p, size_t n, uint8_t out[32])
{
	unsigned int len = 32;

	EVP_Digest(p, n, out, &len, EVP_sha256(), NULL);
}

static size_t round8(size_t v)
{
	return (v + 7) & ~(size_t)7;
}

static size_t real_page(void)
{
	long p = sysconf(_SC_PAGESIZE);

	return p > 0 ? (size_t)p : 4096;
}

static void *uptr(uint64_t v)
{
	return (void *)(uintptr_t)v;
}

static void obj_put(struct obj *o);

static void obj_get(struct obj *o)
{
	o->refs++;
}

static void obj_put(struct obj *o)
{
	uint32_t i;

	if (!o || --o->refs > 0)
		return;
	if (o->kind == OBJ_MAP) {
		if (o->value)
			munmap(o->value, o->value_alloc);
		if (o->memfd >= 0)
			close(o->memfd);
	}
	if (o->kind == OBJ_PROG) {
		free(o->insns);
		for (i = 0; i < o->nr_used; i++)
			obj_put(o->used[i]);
	}
	free(o);
}

static int fd_install(struct obj *o)
{
	int i;

	for (i = 0; i < MAX_FDS; i++) {
		if (!km.fds[i]) {
			km.fds[i] = o;
			obj_get(o);
			return KM_FD_BASE + i;
		}
	}
	return -EMFILE;
}

static struct obj *fd_get(long fd)
{
	if (fd < KM_FD_BASE || fd >= KM_FD_BASE + MAX_FDS)
		return NULL;
	return km.fds[fd - KM_FD_BASE];
}

static struct obj *map_get(long fd)
{
	struct obj *o = fd_get(fd);

	return o && o->kind == OBJ_MAP ? o : NULL;
}

/* Free an object no fd or mapping refers to yet. */
static void obj_drop(struct obj *o)
{
	o->refs = 1;
	obj_put(o);
}

static struct obj *obj_new(int kind)
{
	struct obj *o = calloc(1, sizeof(*o));

	if (o) {
		o->kind = kind;
		o->memfd = -1;
	}
	return o;
}

static size_t map_bytes(const struct obj *m)
{
	return round8(m->value_size) * m->max_entries;
}

static struct obj *map_new(uint32_t value_size, uint32_t max_entries, uint32_t flags)
{
	struct obj *m = obj_new(OBJ_MAP);
	size_t page = real_page() > km.cfg.page_size ? real_page() : km.cfg.page_size;

	if (!m)
		return NULL;
	m->map_type = TSK_BPF_MAP_TYPE_ARRAY;
	m->key_size = 4;
	m->value_size = value_size;
	m->max_entries = max_entries;
	m->map_flags = flags;
	m->value_alloc = (map_bytes(m) + page - 1) / page * page;
	m->memfd = memfd_create("km_map", MFD_CLOEXEC);
	if (m->memfd < 0 || ftruncate(m->memfd, (off_t)m->value_alloc) < 0)
		goto fail;
	m->value = mmap(NULL, m->value_alloc, PROT_READ | PROT_WRITE, MAP_SHARED, m->memfd, 0);
	if (m->value == MAP_FAILED) {
		m->value = NULL;
		goto fail;
	}
	return m;
fail:
	obj_drop(m);
	return NULL;
}

static int failing(int call)
{
	unsigned int n = km.stats.calls[call];
	int i;

	for (i = 0; i < km.nr_fails; i++)
		if (km.fails[i].call == call && (km.fails[i].nth == 0 || km.fails[i].nth == n))
			return km.fails[i].err;
	return 0;
}

static long logged(int call, unsigned int size, long ret)
{
	if (km.stats.nr_log < KM_LOG_MAX) {
		struct km_call *c = &km.stats.log[km.stats.nr_log++];

		c->call = call;
		c->size = size;
		c->ret = ret;
	}
	return ret;
}

static int kernel_618_based(void)
{
	return km.cfg.kernel == KM_6_18_NOVERIFY || km.cfg.kernel == KM_6_18_VERIFY ||
	       km.cfg.kernel == KM_CHAIN;
}

/* ------------------------------------------------------------------ config */

void km_cleanup(void)
{
	int i, j;

	for (i = 0; i < MAX_MMAPS; i++) {
		if (km.maps[i].addr) {
			munmap(km.maps[i].addr, km.maps[i].len);
			obj_put(km.maps[i].map);
		}
	}
	for (i = 0; i < MAX_FDS; i++)
		obj_put(km.fds[i]);
	for (i = 0; i < MAX_KEYRINGS; i++)
		for (j = 0; j < km.keyrings[i].nr_certs; j++)
			X509_free(km.keyrings[i].certs[j]);
	memset(&km, 0, sizeof(km));
}

void km_reset(const struct km_config *cfg)
{
	int i;

	km_cleanup();
	if (cfg)
		km.cfg = *cfg;
	if (!km.cfg.union_size) {
		switch (km.cfg.kernel) {
		case KM_PRE_6_18: km.cfg.union_size = 152; break;
		case KM_CHAIN: km.cfg.union_size = 184; break;
		default: km.cfg.union_size = 168; break;
		}
	}
	if (!km.cfg.page_size)
		km.cfg.page_size = 4096;
	for (i = 0; i < 3; i++) {
		km.keyrings[i].used = 1;
		km.keyrings[i].id = i;
	}
}

const struct km_config *km_config(void)
{
	return &km.cfg;
}

static struct keyring *keyring_find(int32_t id)
{
	int i;

	for (i = 0; i < MAX_KEYRINGS; i++)
		if (km.keyrings[i].used && km.keyrings[i].id == id)
			return &km.keyrings[i];
	return NULL;
}

int km_keyring_add(int32_t id, const char *pem_path)
{
	struct keyring *k = keyring_find(id);
	FILE *f;
	X509 *x;
	int i;

	for (i = 0; !k && i < MAX_KEYRINGS; i++) {
		if (!km.keyrings[i].used) {
			k = &km.keyrings[i];
			k->used = 1;
			k->id = id;
		}
	}
	if (!k)
		return -1;
	if (!pem_path)
		return 0;
	f = fopen(pem_path, "r");
	if (!f) {
		fprintf(stderr, "km: cannot open %s\n", pem_path);
		return -1;
	}
	x = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	if (!x || k->nr_certs == MAX_CERTS) {
		X509_free(x);
		fprintf(stderr, "km: cannot read a certificate from %s\n", pem_path);
		return -1;
	}
	k->certs[k->nr_certs++] = x;
	return 0;
}

void km_fail(int call, unsigned int nth, int err)
{
	if (km.nr_fails < MAX_FAILS) {
		km.fails[km.nr_fails].call = call;
		km.fails[km.nr_fails].nth = nth;
		km.fails[km.nr_fails].err = err;
		km.nr_fails++;
	}
}

void km_set_file(const char *path, const char *content)
{
	if (km.nr_files < MAX_FILES) {
		snprintf(km.files[km.nr_files].path, sizeof(km.files[0].path), "%s", path);
		snprintf(km.files[km.nr_files].content, sizeof(km.files[0].content), "%s", content);
		km.nr_files++;
	}
}

const struct km_stats *km_stats(void)
{
	return &km.stats;
}

int km_open_fds(void)
{
	int i, n = 0;

	for (i = 0; i < MAX_FDS; i++)
		n += km.fds[i] != NULL;
	return n;
}

int km_open_mmaps(void)
{
	int i, n = 0;

	for (i = 0; i < MAX_MMAPS; i++)
		n += km.maps[i].addr != NULL;
	return n;
}

void km_dump(void)
{
	static const char *const kinds[] = { "?", "map", "prog", "link", "perf" };
	int i;

	for (i = 0; i < MAX_FDS; i++)
		if (km.fds[i])
			fprintf(stderr, "  km: fd %d open: %s (refs %d)\n", KM_FD_BASE + i,
				kinds[km.fds[i]->kind], km.fds[i]->refs);
	for (i = 0; i < MAX_MMAPS; i++)
		if (km.maps[i].addr)
			fprintf(stderr, "  km: mapping %p (%zu bytes) not unmapped\n", km.maps[i].addr,
				km.maps[i].len);
}

int km_map_view(int fd, struct km_map_view *out)
{
	struct obj *m = map_get(fd);

	if (!m)
		return -1;
	out->value_size = m->value_size;
	out->max_entries = m->max_entries;
	out->frozen = m->frozen;
	out->exclusive = m->exclusive;
	out->value = m->value;
	memcpy(out->excl_hash, m->excl_hash, 32);
	return 0;
}

int km_is_prog(int fd, int *verified)
{
	struct obj *p = fd_get(fd);

	if (!p || p->kind != OBJ_PROG)
		return 0;
	if (verified)
		*verified = p->verified;
	return 1;
}

/* ------------------------------------------------------------------ attr sizes */

/*
 * The kernel's rule: bytes past sizeof(union bpf_attr) must be zero (else
 * E2BIG); then bytes past the command's last field must be zero (else
 * EINVAL).  Copies what remains into `dst` (zero-filled).
 */
static int attr_in(void *dst, size_t dst_sz, const void *uattr, unsigned int size, size_t cmd_end)
{
	const uint8_t *u = uattr;
	size_t n = size, i;

	if (size > 4096)
		return -E2BIG;
	if (n > km.cfg.union_size) {
		for (i = km.cfg.union_size; i < n; i++)
			if (u[i])
				return -E2BIG;
		n = km.cfg.union_size;
	}
	for (i = cmd_end; i < n; i++)
		if (u[i])
			return -EINVAL;
	memset(dst, 0, dst_sz);
	if (n > cmd_end)
		n = cmd_end;
	memcpy(dst, uattr, n < dst_sz ? n : dst_sz);
	return 0;
}

/* ------------------------------------------------------------------ maps */

static long map_create(void *uattr, unsigned int size)
{
	size_t end = km.cfg.kernel == KM_PRE_6_18 ? offsetof(struct tsk_attr_map_create, excl_prog_hash)
						  : TSK_MAP_CREATE_SZ_EXCL;
	struct tsk_attr_map_create a;
	struct obj *m;
	int err = attr_in(&a, sizeof(a), uattr, size, end);
	long fd;

	if (err)
		return err;
	if (a.map_type != TSK_BPF_MAP_TYPE_ARRAY)
		return -EINVAL; /* the model knows array maps only */
	if (a.key_size != 4 || a.value_size == 0 || a.max_entries == 0 ||
	    (a.map_flags & ~(BPF_F_MMAPABLE | BPF_F_RDONLY_PROG)))
		return -EINVAL;
	if (round8(a.value_size) * a.max_entries > (1u << 30))
		return -E2BIG;
	/* 6.18: a hash needs exactly SHA-256's size; a size without a hash is refused too. */
	if (a.excl_prog_hash ? a.excl_prog_hash_size != 32 : a.excl_prog_hash_size != 0)
		return -EINVAL;
	m = map_new(a.value_size, a.max_entries, a.map_flags);
	if (!m)
		return -ENOMEM;
	/* The forgetful runtime forgets on the metadata map, not on its
	 * probes' 8-byte maps. */
	if (a.excl_prog_hash && !(km.cfg.excl_noop && a.value_size > 8)) {
		m->exclusive = 1;
		memcpy(m->excl_hash, uptr(a.excl_prog_hash), 32);
	}
	km.stats.last_map_exclusive = m->exclusive;
	fd = fd_install(m);
	if (fd < 0)
		obj_drop(m);
	return fd;
}

static long map_update(void *uattr, unsigned int size)
{
	struct tsk_attr_map_elem a;
	struct obj *m;
	uint32_t key;
	int err = attr_in(&a, sizeof(a), uattr, size, sizeof(a));

	if (err)
		return err;
	m = map_get(a.map_fd);
	if (!fd_get(a.map_fd))
		return -EBADF;
	if (!m)
		return -EINVAL;
	if (m->frozen)
		return -EPERM; /* frozen: no writes from user space */
	if (a.flags > 2)
		return -EINVAL;
	memcpy(&key, uptr(a.key), 4);
	if (key >= m->max_entries)
		return -E2BIG;
	if (a.flags == 1) /* BPF_NOEXIST: array elements always exist */
		return -EEXIST;
	memcpy(m->value + (size_t)key * round8(m->value_size), uptr(a.value), m->value_size);
	return 0;
}

static long map_freeze(void *uattr, unsigned int size)
{
	struct tsk_attr_map_freeze a;
	struct obj *m;
	int err = attr_in(&a, sizeof(a), uattr, size, sizeof(a));

	if (err)
		return err;
	if (!fd_get(a.map_fd))
		return -EBADF;
	m = map_get(a.map_fd);
	if (!m)
		return -EINVAL;
	if (m->writable_maps)
		return -EBUSY;
	if (m->frozen)
		return -EBUSY;
	if (!(km.cfg.freeze_noop && m->value_size > 8))
		m->frozen = 1;
	return 0;
}

static long obj_get_info(void *uattr, unsigned int size)
{
	struct tsk_attr_info a;
	struct tsk_bpf_map_info info;
	size_t known = km.cfg.kernel == KM_PRE_6_18 ? offsetof(struct tsk_bpf_map_info, hash)
						    : sizeof(info);
	const uint8_t *uinfo;
	struct obj *m;
	size_t i, len;
	int err = attr_in(&a, sizeof(a), uattr, size, sizeof(a));

	if (err)
		return err;
	if (!fd_get(a.bpf_fd))
		return -EBADF;
	m = map_get(a.bpf_fd);
	if (!m)
		return -EINVAL; /* the model answers for maps only */
	uinfo = uptr(a.info);
	/* bpf_check_uarg_tail_zero on the info struct */
	for (i = known; i < a.info_len; i++)
		if (uinfo[i])
			return -E2BIG;
	len = a.info_len < known ? a.info_len : known;
	memset(&info, 0, sizeof(info));
	memcpy(&info, uinfo, len);
	if (info.hash) {
		if (info.hash_size != 32)
			return -EINVAL;
		if (!m->frozen)
			return -EPERM; /* measured on 6.18 */
		sha256(m->value, map_bytes(m), m->sha); /* computed and cached in the map */
		memcpy(uptr(info.hash), m->sha, 32);
	} else if (info.hash_size) {
		return -EINVAL;
	}
	info.type = m->map_type;
	info.key_size = m->key_size;
	info.value_size = m->value_size;
	info.max_entries = m->max_entries;
	info.map_flags = m->map_flags;
	memcpy((void *)uinfo, &info, len);
	((struct tsk_attr_info *)uattr)->info_len = (uint32_t)len;
	return 0;
}

/* ------------------------------------------------------------------ PKCS#7 */

static const char *why_refused = "";

/*
 * verify_pkcs7_signature() as 6.18 does it for a detached SignedData:
 * parse (EBADMSG), with signed attributes compare messageDigest first
 * (EKEYREJECTED), find the signer's key in the keyring by SKI or issuer
 * and serial (ENOKEY), verify (EKEYREJECTED).  No chain verification.
 */
static int pkcs7_check(const uint8_t *sig, uint32_t sig_sz, const uint8_t *content, size_t len,
		       const struct keyring *k)
{
	const unsigned char *p = sig;
	CMS_ContentInfo *cms;
	STACK_OF(CMS_SignerInfo) *sis;
	CMS_SignerInfo *si;
	STACK_OF(X509) *certs = NULL;
	ASN1_OCTET_STRING **inner;
	X509 *signer = NULL;
	BIO *bio = NULL;
	int err = -EBADMSG, i;

	km.stats.sig_checks++;
	if (km.cfg.no_verification) {
		why_refused = "no CONFIG_SYSTEM_DATA_VERIFICATION";
		return -EOPNOTSUPP;
	}
	cms = d2i_CMS_ContentInfo(NULL, &p, sig_sz);
	if (!cms || p != sig + sig_sz || OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
		why_refused = "PKCS#7 does not parse as SignedData";
		goto out;
	}
	inner = CMS_get0_content(cms);
	if (inner && *inner) {
		why_refused = "PKCS#7 carries its content (not detached)";
		err = -EINVAL;
		goto out;
	}
	sis = CMS_get0_SignerInfos(cms);
	if (!sis || sk_CMS_SignerInfo_num(sis) != 1) {
		why_refused = "PKCS#7 without exactly one signer";
		goto out;
	}
	si = sk_CMS_SignerInfo_value(sis, 0);
	if (CMS_signed_get_attr_count(si) > 0) {
		ASN1_OCTET_STRING *md = CMS_signed_get0_data_by_OBJ(
			si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING);
		uint8_t h[32];

		sha256(content, len, h);
		if (!md || md->length != 32 || memcmp(md->data, h, 32)) {
			why_refused = "messageDigest attribute does not match the content";
			err = -EKEYREJECTED;
			goto out;
		}
	}
	for (i = 0; i < k->nr_certs && !signer; i++)
		if (CMS_SignerInfo_cert_cmp(si, k->certs[i]) == 0)
			signer = k->certs[i];
	if (!signer) {
		why_refused = "no certificate in the keyring matches the signer";
		err = -ENOKEY;
		goto out;
	}
	certs = sk_X509_new_null();
	bio = BIO_new_mem_buf(content, (int)len);
	if (!certs || !bio || !sk_X509_push(certs, signer)) {
		err = -ENOMEM;
		goto out;
	}
	if (CMS_verify(cms, certs, NULL, bio, NULL,
		       CMS_BINARY | CMS_NOINTERN | CMS_NO_SIGNER_CERT_VERIFY) != 1) {
		why_refused = "signature does not verify over the content";
		err = -EKEYREJECTED;
		goto out;
	}
	err = 0;
out:
	ERR_clear_error();
	BIO_free(bio);
	sk_X509_free(certs);
	CMS_ContentInfo_free(cms);
	return err;
}

/* ------------------------------------------------------------------ prog load */

static int ld_imm64_map_idx(const struct tsk_bpf_insn *in, int src)
{
	return in->code == 0x18 && (in->regs >> 4) == src;
}

/* Keyring lookup as 6.18: 0, 1, 2 system keyrings; anything else a user
 * keyring that must exist (looked up without creating it). */
static const struct keyring *keyring_get(int32_t id)
{
	return keyring_find(id);
}

static int fd_array_read(const struct tsk_attr_prog_load *a, int64_t idx, int *fd)
{
	/* The chain patch checks no bounds: the kernel would read user memory
	 * wherever the index points.  The model refuses wild indices as a
	 * fault instead of reading the test's memory out of bounds. */
	if (!a->fd_array || idx < 0 || idx >= MAX_USED_MAPS)
		return -EFAULT;
	*fd = ((const int *)uptr(a->fd_array))[idx];
	return 0;
}

/* chain: SHA-256(SHA-256(insns) || h(0)), h(n) = SHA-256(h(n+1) || H(map[n])). */
static int chain_content(const struct tsk_attr_prog_load *a, const uint8_t *insns, size_t sz,
			 uint8_t out[32])
{
	const int32_t *idx = uptr(a->signature_maps);
	uint8_t h[32], buf[64];
	int64_t n;
	int err, fd;

	if (!idx)
		return -EFAULT;
	if (a->signature_maps_size > MAX_USED_MAPS)
		return -E2BIG;
	for (n = (int64_t)a->signature_maps_size - 1; n >= 0; n--) {
		struct obj *m;

		err = fd_array_read(a, idx[n], &fd);
		if (err) {
			why_refused = "signature_maps index outside fd_array";
			return err;
		}
		if (!fd_get(fd)) {
			why_refused = "signature_maps names an fd that is not open";
			return -EBADF;
		}
		m = map_get(fd);
		if (!m || m->map_type != TSK_BPF_MAP_TYPE_ARRAY) {
			why_refused = "signature_maps names a map that cannot be hashed";
			return -EINVAL;
		}
		if (!m->frozen && !km.cfg.chain_unfrozen_ok) {
			why_refused = "signature_maps names an unfrozen map";
			return -EPERM;
		}
		sha256(m->value, map_bytes(m), buf + 32);
		if (n == (int64_t)a->signature_maps_size - 1) {
			memcpy(h, buf + 32, 32);
		} else {
			memcpy(buf, h, 32);
			sha256(buf, 64, h);
		}
	}
	sha256(insns, sz, buf);
	memcpy(buf + 32, h, 32);
	sha256(buf, 64, out);
	return 0;
}

/* 6.18 (and the chain patch): the signature is checked before the verifier. */
static int check_sig_618(const struct tsk_attr_prog_load *a, const uint8_t *insns, size_t sz)
{
	const struct keyring *k = keyring_get(a->keyring_id);
	uint8_t chain[32];
	int err;

	if (!k) {
		why_refused = "keyring not found";
		return -EINVAL;
	}
	if (a->signature_size == 0 || a->signature_size > SIG_MAX) {
		why_refused = "signature size";
		return -EINVAL;
	}
	if (km.cfg.kernel == KM_CHAIN && a->signature_maps_size) {
		err = chain_content(a, insns, sz, chain);
		if (err)
			return err;
		return pkcs7_check(uptr(a->signature), a->signature_size, chain, 32, k);
	}
	return pkcs7_check(uptr(a->signature), a->signature_size, insns, sz, k);
}

static int insns_use_fd_array(const struct tsk_bpf_insn *in, uint32_t cnt)
{
	uint32_t i;

	for (i = 0; i + 1 < cnt; i++)
		if (ld_imm64_map_idx(&in[i], PSEUDO_MAP_IDX) || ld_imm64_map_idx(&in[i], PSEUDO_MAP_IDX_VALUE))
			return 1;
	return 0;
}

/* loadtime: the maps bound through fd_array_cnt are checked and folded into
 * the content (insns || value_0 || ...) before PKCS#7 verification. */
static int check_sig_loadtime(const struct tsk_attr_prog_load *a, const uint8_t *insns, size_t sz,
			      const uint8_t prog_sha[32])
{
	const struct keyring *k;
	uint8_t *content;
	size_t len = sz;
	uint32_t i;
	int err, fd;

	if (a->signature_size == 0) {
		why_refused = "zero signature_size";
		return -EINVAL;
	}
	if (a->fd_array_cnt > MAX_USED_MAPS) {
		why_refused = "fd_array_cnt too large";
		return -E2BIG;
	}
	if (!a->fd_array_cnt && insns_use_fd_array(uptr(a->insns), a->insn_cnt)) {
		why_refused = "signed loader reaches a map through a sparse fd_array";
		return -EACCES;
	}
	for (i = 0; i < a->fd_array_cnt; i++) {
		struct obj *m;

		fd_array_read(a, i, &fd);
		if (!fd_get(fd))
			return -EBADF;
		m = map_get(fd);
		if (!m) {
			why_refused = "fd_array holds something other than a map";
			return -EACCES;
		}
		if (!m->exclusive) {
			why_refused = "map not exclusive to the signed loader";
			return km.cfg.loadtime_nonexcl_einval ? -EINVAL : -EPERM;
		}
		if (memcmp(m->excl_hash, prog_sha, 32)) {
			why_refused = "map's excl_prog_hash is not the loader's";
			return -EACCES;
		}
		if (!m->frozen) {
			why_refused = "map not frozen";
			return -EPERM;
		}
		if (m->map_type != TSK_BPF_MAP_TYPE_ARRAY || m->max_entries != 1) {
			why_refused = "only single-element array maps can be signed";
			return -EINVAL;
		}
		len += m->value_size;
	}
	k = keyring_get(a->keyring_id);
	if (!k) {
		why_refused = "keyring not found";
		return -EINVAL;
	}
	if (a->signature_size > SIG_MAX) {
		why_refused = "signature size";
		return -EINVAL;
	}
	content = malloc(len + 1);
	if (!content)
		return -ENOMEM;
	memcpy(content, insns, sz);
	len = sz;
	for (i = 0; i < a->fd_array_cnt; i++) {
		struct obj *m;

		fd_array_read(a, i, &fd);
		m = map_get(fd);
		memcpy(content + len, m->value, m->value_size);
		len += m->value_size;
	}
	err = pkcs7_check(uptr(a->signature), a->signature_size, content, len, k);
	free(content);
	return err;
}

static int bind_map(struct obj *p, struct obj *m)
{
	uint32_t i;

	for (i = 0; i < p->nr_used; i++)
		if (p->used[i] == m)
			return 0;
	if (p->nr_used == MAX_USED_MAPS)
		return -E2BIG;
	/* 6.18 exclusive maps: only the program with this hash may use it. */
	if (m->exclusive && memcmp(m->excl_hash, p->insns_sha256, 32)) {
		why_refused = "program's hash doesn't match map's excl_prog_hash";
		return -EACCES;
	}
	obj_get(m);
	p->used[p->nr_used++] = m;
	return 0;
}

/* The verifier's part the model needs: bind fd_array maps and the maps the
 * instructions name (by fd_array index or by fd). */
static int verifier_bind(const struct tsk_attr_prog_load *a, struct obj *p)
{
	const struct tsk_bpf_insn *in = (const struct tsk_bpf_insn *)p->insns;
	uint32_t i, cnt = p->insns_sz / 8;
	int err, fd;

	for (i = 0; i < a->fd_array_cnt; i++) {
		struct obj *m;

		if ((err = fd_array_read(a, i, &fd)))
			return err;
		if (!fd_get(fd))
			return -EBADF;
		m = map_get(fd);
		if (!m)
			return -EINVAL;
		if ((err = bind_map(p, m)))
			return err;
		p->idx_maps[i] = m;
	}
	for (i = 0; i + 1 < cnt; i++) {
		int src = in[i].regs >> 4;
		struct obj *m;

		if (in[i].code != 0x18)
			continue;
		if (src == PSEUDO_MAP_IDX || src == PSEUDO_MAP_IDX_VALUE) {
			if (in[i].imm < 0 || (a->fd_array_cnt && (uint32_t)in[i].imm >= a->fd_array_cnt))
				return -EINVAL;
			if ((err = fd_array_read(a, in[i].imm, &fd)))
				return err == -EFAULT && !a->fd_array ? -EINVAL : err;
		} else if (src == PSEUDO_MAP_FD || src == PSEUDO_MAP_VALUE) {
			fd = in[i].imm;
		} else {
			i++;
			continue;
		}
		if (!fd_get(fd))
			return -EBADF;
		m = map_get(fd);
		if (!m)
			return -EINVAL;
		if ((err = bind_map(p, m)))
			return err;
		if (src == PSEUDO_MAP_IDX || src == PSEUDO_MAP_IDX_VALUE)
			p->idx_maps[in[i].imm] = m;
		i++;
	}
	return 0;
}

static long prog_load(void *uattr, unsigned int size)
{
	size_t end = km.cfg.kernel == KM_PRE_6_18 ? offsetof(struct tsk_attr_prog_load, signature)
		   : km.cfg.kernel == KM_CHAIN ? TSK_PROG_LOAD_SZ_CHAIN : TSK_PROG_LOAD_SZ_SIGNED;
	struct km_load *rec = &km.stats.last_load;
	struct tsk_attr_prog_load a;
	struct obj *p;
	long err, fd;

	memset(rec, 0, sizeof(*rec));
	rec->attr_size = size;
	rec->signature_map0 = -1;
	rec->why = "";
	why_refused = "";
	if (size >= 8 && ((const struct tsk_attr_prog_load *)uattr)->insn_cnt == 2)
		km.stats.probe_loads++;
	err = attr_in(&a, sizeof(a), uattr, size, end);
	if (err) {
		rec->why = err == -E2BIG ? "non-zero bytes past the kernel's union bpf_attr"
					 : "non-zero bytes past BPF_PROG_LOAD's last field";
		return rec->ret = err;
	}
	rec->insn_cnt = a.insn_cnt;
	rec->signed_ = a.signature != 0;
	rec->signature_size = a.signature_size;
	rec->keyring_id = a.keyring_id;
	rec->fd_array_cnt = a.fd_array_cnt;
	rec->signature_maps_size = a.signature_maps_size;
	if (a.signature_maps && a.signature_maps_size)
		rec->signature_map0 = *(const int32_t *)uptr(a.signature_maps);
	if (a.prog_type != TSK_BPF_PROG_TYPE_SYSCALL || !a.insns || !a.license)
		return rec->ret = -EINVAL;
	if (a.insn_cnt == 0 || a.insn_cnt > 1000000)
		return rec->ret = -E2BIG;
	p = obj_new(OBJ_PROG);
	if (!p)
		return rec->ret = -ENOMEM;
	p->refs = 1;
	p->insns_sz = a.insn_cnt * 8;
	p->insns = malloc(p->insns_sz);
	if (!p->insns) {
		obj_put(p);
		return rec->ret = -ENOMEM;
	}
	memcpy(p->insns, uptr(a.insns), p->insns_sz);
	sha256(p->insns, p->insns_sz, p->insns_sha256);
	memcpy(rec->insns_sha256, p->insns_sha256, 32);

	err = 0;
	if (a.signature) {
		switch (km.cfg.kernel) {
		case KM_6_18_NOVERIFY:
			why_refused = "no CONFIG_SYSTEM_DATA_VERIFICATION";
			err = -EOPNOTSUPP;
			break;
		case KM_6_18_VERIFY:
		case KM_CHAIN:
			err = check_sig_618(&a, p->insns, p->insns_sz);
			break;
		case KM_LOADTIME:
			err = check_sig_loadtime(&a, p->insns, p->insns_sz, p->insns_sha256);
			break;
		default:
			err = -E2BIG; /* unreachable: attr_in refused the fields */
			break;
		}
		p->verified = err == 0;
	}
	if (!err)
		err = verifier_bind(&a, p);
	if (err) {
		rec->why = why_refused;
		obj_put(p);
		return rec->ret = err;
	}
	fd = fd_install(p);
	obj_put(p);
	return rec->ret = fd;
}

/* ------------------------------------------------------------------ prog run */

/*
 * The in-loader check (SCHEMES.md, inloader): map pointer by
 * BPF_PSEUDO_MAP_IDX, a load at offset 8*i (hash word) or 32 (exclusive
 * flag), the expected value in r3, a jump to cleanup if they differ.  The
 * model reads what a 6.18 kernel's map object holds there: the cached hash
 * (zero until BPF_OBJ_GET_INFO_BY_FD computed it) and the exclusive flag.
 * Kernels after the scheme was dropped lay the object out differently: the
 * model then reads zeros.  Returns 0 or the loader's -EINVAL.
 */
static int inloader_check(const struct obj *p)
{
	const struct tsk_bpf_insn *in = (const struct tsk_bpf_insn *)p->insns;
	uint32_t cnt = p->insns_sz / 8, i, ja = cnt, first = cnt;

	for (i = 0; i < cnt && ja == cnt; i++)
		if (in[i].code == 0x05)
			ja = i;
	for (i = 0; i + 4 < cnt; i++) {
		const struct tsk_bpf_insn *ld = &in[i + 2];
		uint64_t want, have = 0;
		uint32_t j = i + 3;
		const struct obj *m;
		int reg = in[i].regs & 0xf;

		if (!ld_imm64_map_idx(&in[i], PSEUDO_MAP_IDX))
			continue;
		if ((ld->code != 0x79 && ld->code != 0x61) || (ld->regs >> 4) != reg)
			continue;
		if (in[j].code == 0x18 && j + 1 < cnt) {
			want = (uint32_t)in[j].imm | (uint64_t)(uint32_t)in[j + 1].imm << 32;
			j += 2;
		} else if (in[j].code == 0xb7) {
			want = (uint64_t)(int64_t)in[j].imm;
			j++;
		} else {
			continue;
		}
		if (in[i].imm < 0 || in[i].imm >= MAX_USED_MAPS || !(m = p->idx_maps[in[i].imm]))
			return -EINVAL;
		if (first == cnt)
			first = i;
		if (kernel_618_based()) {
			if (ld->code == 0x79 && ld->off >= 0 && ld->off <= 24 && ld->off % 8 == 0)
				memcpy(&have, m->sha + ld->off, 8);
			else if (ld->code == 0x61 && ld->off == 32)
				have = (uint64_t)m->exclusive;
		}
		km.stats.inloader_checks++;
		if (have != want) {
			/* what the loader then returns: r0 at its jne's target */
			long t = (long)j + 1 + in[j].off;

			if (in[j].code == 0x5d && t > 0 && t < (long)cnt && in[t].code == 0xb7 && !(in[t].regs & 0xf))
				return in[t].imm;
			return -EINVAL;
		}
		i = j;
	}
	if (first != cnt)
		km.stats.inloader_at_entry = ja < cnt && first == ja + 1 + (uint32_t)(int32_t)in[ja].off;
	return 0;
}

static void close_created(int *fds, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		tsk_sys_close(fds[i]);
}

/* Does the loader read the context at `off` (BPF_LDX from r6, libbpf's
 * context register)?  The sealed signed loader does not read max_entries,
 * read-only initial values or flags (skelgen/gen/loader.h); the model obeys
 * exactly the reads the loaded instructions contain. */
static int reads_ctx(const struct obj *loader, uint32_t off)
{
	const struct tsk_bpf_insn *in = (const struct tsk_bpf_insn *)loader->insns;
	uint32_t i, cnt = loader->insns_sz / 8;

	for (i = 0; i < cnt; i++)
		if ((in[i].code & 0x07) == 0x01 && (in[i].regs >> 4) == 6 && in[i].off == (int16_t)off)
			return 1;
	return 0;
}

/* libbpf's loader, as seen from outside: maps and programs appear as fds in
 * the skeleton's descriptors, global data copied in from initial_value when
 * the loader reads it (else from the metadata blob), max_entries from the
 * context when the loader reads it. */
static int simulate_loader(const struct obj *loader, uint8_t *ctx, uint32_t ctx_sz)
{
	const struct tinyskel_skel_info *info = km.cfg.skel_info;
	int created[64];
	uint32_t n = 0, i;

	if (!info)
		return 0;
	if (ctx_sz < info->ctx_sz || info->nr_maps + info->nr_progs > 64)
		return -EINVAL;
	for (i = 0; i < info->nr_maps; i++) {
		const struct tinyskel_map_info *mi = &info->maps[i];
		struct tinyskel_map_desc *d = (void *)(ctx + mi->desc_off);
		const struct obj *meta = loader->idx_maps[0];
		struct obj *m;
		long fd;

		uint32_t max = reads_ctx(loader, mi->desc_off + 4) ? d->max_entries : 0;
		uint64_t init = reads_ctx(loader, mi->desc_off + 8) ? d->initial_value : 0;

		m = map_new(mi->value_size, max ? max : 1, (mi->flags & TINYSKEL_MAP_GLOBAL) ? BPF_F_MMAPABLE : 0);
		if (!m)
			goto fail;
		if (mi->flags & TINYSKEL_MAP_GLOBAL) {
			if (init)
				memcpy(m->value, uptr(init), mi->value_size);
			else if (mi->init_blob_off != TINYSKEL_NO_OFF && meta &&
				 mi->init_blob_off + mi->value_size <= meta->value_size)
				memcpy(m->value, meta->value + mi->init_blob_off, mi->value_size);
			m->frozen = !!(mi->flags & TINYSKEL_MAP_READONLY);
		}
		fd = fd_install(m);
		if (fd < 0) {
			obj_drop(m);
			goto fail;
		}
		created[n++] = (int)fd;
		d->map_fd = (int)fd;
	}
	for (i = 0; i < info->nr_progs; i++) {
		struct obj *p = obj_new(OBJ_PROG);
		long fd;

		if (!p)
			goto fail;
		fd = fd_install(p);
		if (fd < 0) {
			free(p);
			goto fail;
		}
		created[n++] = (int)fd;
		((struct tinyskel_prog_desc *)(void *)(ctx + info->progs[i].desc_off))->prog_fd = (int)fd;
	}
	return 0;
fail:
	/* The loader's cleanup closes what it made and leaves no fd behind. */
	close_created(created, n);
	for (i = 0; i < info->nr_maps; i++)
		((struct tinyskel_map_desc *)(void *)(ctx + info->maps[i].desc_off))->map_fd = 0;
	for (i = 0; i < info->nr_progs; i++)
		((struct tinyskel_prog_desc *)(void *)(ctx + info->progs[i].desc_off))->prog_fd = 0;
	return -ENOMEM;
}

static long prog_run(void *uattr, unsigned int size)
{
	struct tsk_attr_test_run a;
	struct obj *p;
	int ret;
	int err = attr_in(&a, sizeof(a), uattr, size, sizeof(a));

	if (err)
		return err;
	if (!fd_get(a.prog_fd))
		return -EBADF;
	p = fd_get(a.prog_fd);
	if (p->kind != OBJ_PROG || !p->insns)
		return -EINVAL;
	if (a.data_in || a.data_out || a.repeat || a.flags || a.cpu || a.batch_size)
		return -EINVAL; /* BPF_PROG_TYPE_SYSCALL takes a context only */
	if ((a.ctx_in == 0) != (a.ctx_size_in == 0) || a.ctx_size_in > 0xffff)
		return -EINVAL;
	km.stats.loader_runs++;
	ret = inloader_check(p);
	if (!ret && km.cfg.loader_retval)
		ret = km.cfg.loader_retval;
	if (!ret && p->insns_sz > 16)
		ret = simulate_loader(p, uptr(a.ctx_in), a.ctx_size_in);
	((struct tsk_attr_test_run *)uattr)->retval = (uint32_t)ret;
	return 0;
}

/* ------------------------------------------------------------------ attach */

/* A link for program fd `prog_fd`: what raw_tp open and link create share. */
static long new_link(uint32_t prog_fd)
{
	struct obj *p = fd_get(prog_fd), *l;
	long fd;

	if (!p)
		return -EBADF;
	if (p->kind != OBJ_PROG)
		return -EINVAL;
	l = obj_new(OBJ_LINK);
	if (!l)
		return -ENOMEM;
	fd = fd_install(l);
	if (fd < 0)
		free(l);
	return fd;
}

static long raw_tp_open(void *uattr, unsigned int size)
{
	struct tsk_attr_raw_tp a;
	int err = attr_in(&a, sizeof(a), uattr, size, sizeof(a));

	return err ? err : new_link(a.prog_fd);
}

static long link_create(void *uattr, unsigned int size)
{
	struct tsk_attr_link_create a;
	int err = attr_in(&a, sizeof(a), uattr, size, sizeof(a));

	if (err)
		return err;
	if (a.attach_type == TSK_BPF_PERF_EVENT && (!fd_get(a.target_fd) || fd_get(a.target_fd)->kind != OBJ_PERF))
		return -EBADF;
	return new_link(a.prog_fd);
}

/* ------------------------------------------------------------------ sys.h */

long tsk_sys_bpf(int cmd, void *attr, unsigned int size)
{
	long ret;

	if (cmd < 0 || cmd >= 100)
		return -EINVAL;
	km.stats.calls[cmd]++;
	if ((ret = failing(cmd)))
		return logged(cmd, size, ret);
	switch (cmd) {
	case TSK_BPF_MAP_CREATE: ret = map_create(attr, size); break;
	case TSK_BPF_MAP_UPDATE_ELEM: ret = map_update(attr, size); break;
	case TSK_BPF_MAP_FREEZE: ret = map_freeze(attr, size); break;
	case TSK_BPF_OBJ_GET_INFO_BY_FD: ret = obj_get_info(attr, size); break;
	case TSK_BPF_PROG_LOAD: ret = prog_load(attr, size); break;
	case TSK_BPF_PROG_RUN: ret = prog_run(attr, size); break;
	case TSK_BPF_RAW_TRACEPOINT_OPEN: ret = raw_tp_open(attr, size); break;
	case TSK_BPF_LINK_CREATE: ret = link_create(attr, size); break;
	default: ret = -EINVAL; break;
	}
	return logged(cmd, size, ret);
}

int tsk_sys_close(int fd)
{
	struct obj *o = fd_get(fd);
	int err;

	km.stats.calls[KM_CALL_CLOSE]++;
	if (!o) {
		km.stats.bad_closes++;
		fprintf(stderr, "km: close(%d): not an fd the model gave out\n", fd);
		return (int)logged(KM_CALL_CLOSE, 0, -EBADF);
	}
	err = failing(KM_CALL_CLOSE); /* close releases the fd even when it reports an error */
	km.fds[fd - KM_FD_BASE] = NULL;
	obj_put(o);
	return (int)logged(KM_CALL_CLOSE, 0, err);
}

void *tsk_sys_mmap(size_t len, int writable, int fd, int *err)
{
	struct obj *m = map_get(fd);
	void *p;
	int i, e;

	km.stats.calls[KM_CALL_MMAP]++;
	if ((e = failing(KM_CALL_MMAP))) {
		*err = e;
		return NULL;
	}
	if (!fd_get(fd)) {
		*err = -EBADF;
		return NULL;
	}
	if (!m || !(m->map_flags & BPF_F_MMAPABLE) || len == 0 || len > m->value_alloc ||
	    len % km.cfg.page_size) {
		*err = -EINVAL;
		return NULL;
	}
	if (writable && m->frozen) {
		*err = -EPERM; /* frozen (read-only) map mapped writable */
		return NULL;
	}
	for (i = 0; i < MAX_MMAPS && km.maps[i].addr; i++)
		;
	if (i == MAX_MMAPS) {
		*err = -ENOMEM;
		return NULL;
	}
	p = mmap(NULL, len, PROT_READ | (writable ? PROT_WRITE : 0), MAP_SHARED, m->memfd, 0);
	if (p == MAP_FAILED) {
		*err = -errno;
		return NULL;
	}
	km.maps[i].addr = p;
	km.maps[i].len = len;
	km.maps[i].map = m;
	km.maps[i].writable = writable;
	obj_get(m);
	if (writable)
		m->writable_maps++;
	return p;
}

int tsk_sys_munmap(void *addr, size_t len)
{
	int i;

	for (i = 0; i < MAX_MMAPS; i++) {
		if (km.maps[i].addr == addr) {
			if (km.maps[i].len != len) {
				km.stats.bad_munmaps++;
				fprintf(stderr, "km: munmap(%p, %zu): mapped with length %zu\n", addr, len,
					km.maps[i].len);
			}
			munmap(addr, km.maps[i].len);
			if (km.maps[i].writable)
				km.maps[i].map->writable_maps--;
			obj_put(km.maps[i].map);
			memset(&km.maps[i], 0, sizeof(km.maps[i]));
			return 0;
		}
	}
	km.stats.bad_munmaps++;
	fprintf(stderr, "km: munmap(%p, %zu): not a mapping the model made\n", addr, len);
	return -EINVAL;
}

size_t tsk_sys_pagesize(void)
{
	return km.cfg.page_size ? km.cfg.page_size : 4096;
}

long tsk_sys_read_file(const char *path, char *buf, size_t size)
{
	int i, e;

	km.stats.calls[KM_CALL_READ_FILE]++;
	if ((e = failing(KM_CALL_READ_FILE)))
		return e;
	for (i = 0; i < km.nr_files; i++) {
		if (!strcmp(km.files[i].path, path)) {
			snprintf(buf, size, "%s", km.files[i].content);
			return (long)strlen(buf);
		}
	}
	return -ENOENT;
}

int tsk_sys_perf_event_open(void *attr, int pid, int cpu, int group_fd, unsigned long flags)
{
	const struct tsk_perf_event_attr *a = attr;
	struct obj *o;
	long fd;
	int e;

	(void)pid;
	(void)cpu;
	(void)flags;
	km.stats.calls[KM_CALL_PERF_OPEN]++;
	if ((e = failing(KM_CALL_PERF_OPEN)))
		return e;
	if (!a || a->size < 64 || group_fd != -1)
		return -EINVAL;
	o = obj_new(OBJ_PERF);
	if (!o)
		return -ENOMEM;
	fd = fd_install(o);
	if (fd < 0)
		free(o);
	return (int)fd;
}

int tsk_sys_ioctl(int fd, unsigned long req, unsigned long arg)
{
	struct obj *o = fd_get(fd);
	int e;

	km.stats.calls[KM_CALL_IOCTL]++;
	if ((e = failing(KM_CALL_IOCTL)))
		return e;
	if (!o)
		return -EBADF;
	if (o->kind != OBJ_PERF)
		return -ENOTTY;
	if (req == TSK_PERF_EVENT_IOC_SET_BPF) {
		struct obj *p = fd_get((long)arg);

		return p && p->kind == OBJ_PROG ? 0 : -EBADF;
	}
	return req == TSK_PERF_EVENT_IOC_ENABLE ? 0 : -ENOTTY;
}

/* The model's fds start at KM_FD_BASE: a copy is just another fd of the object. */
int tsk_sys_dupfd(int fd, int min)
{
	struct obj *o = fd_get(fd);

	(void)min;
	if (!o)
		return -EBADF;
	return fd_install(o);
}

/* The after-load helpers' syscalls (maps, ring buffers, pinning, uprobes)
 * are outside what this model checks: the signing schemes.  They answer
 * ENOSYS so the runtime links; tests/unit/fake_sys.c exercises them. */
int tsk_sys_open(const char *path, int dir)
{
	(void)path, (void)dir;
	return -ENOSYS;
}

long tsk_sys_read(int fd, void *buf, size_t len)
{
	(void)fd, (void)buf, (void)len;
	return -ENOSYS;
}

long tsk_sys_pread(int fd, void *buf, size_t len, uint64_t off)
{
	(void)fd, (void)buf, (void)len, (void)off;
	return -ENOSYS;
}

int tsk_sys_stat(int fd, const char *name, struct tsk_stat *st)
{
	(void)fd, (void)name, (void)st;
	return -ENOSYS;
}

uint32_t tsk_sys_geteuid(void)
{
	return 0;
}

int tsk_sys_unlink(const char *path)
{
	(void)path;
	return -ENOSYS;
}

void *tsk_sys_mmap_off(size_t len, int writable, int fd, uint64_t off, int *err)
{
	(void)len, (void)writable, (void)fd, (void)off;
	*err = -ENOSYS;
	return NULL;
}

int tsk_sys_epoll_create(void)
{
	return -ENOSYS;
}

int tsk_sys_epoll_add(int epfd, int fd, uint32_t tag)
{
	(void)epfd, (void)fd, (void)tag;
	return -ENOSYS;
}

int tsk_sys_epoll_wait(int epfd, uint32_t *tags, int max, int timeout_ms)
{
	(void)epfd, (void)tags, (void)max, (void)timeout_ms;
	return -ENOSYS;
}

/* Scratch pages: heap here, so ASan's leak check sees one never given back. */
void *tsk_sys_scratch(size_t len, int *err)
{
	void *p = calloc(1, len);

	if (!p)
		*err = -ENOMEM;
	return p;
}

void tsk_sys_scratch_free(void *p, size_t len)
{
	(void)len;
	free(p);
}
