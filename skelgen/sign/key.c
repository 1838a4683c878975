// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * key.c - load a signing key: PEM or DER; PKCS#1 RSA, SEC1 EC or PKCS#8.
 *
 * Our own DER walk classifies the key first, so that refusals name the
 * reason (encrypted, wrong algorithm, curve, size) and so that we get the
 * RSA public exponent, which BearSSL's private key structure lacks.  Then
 * br_skey_decoder decodes the private parts, and we check the two agree.
 */
#include "crypto.h"
#include "der.h"

#include <stdlib.h>
#include <string.h>

/* What the DER walk found. */
struct key_info {
	int type;			/* BR_KEYTYPE_RSA / BR_KEYTYPE_EC */
	struct der_tlv n, e;		/* RSA */
	struct der_tlv curve;		/* EC: curve OID, tag 0 if none yet */
};

static int key_pem_name(const char *name)
{
	return strcmp(name, "PRIVATE KEY") == 0 ||
	       strcmp(name, "RSA PRIVATE KEY") == 0 ||
	       strcmp(name, "EC PRIVATE KEY") == 0 ||
	       strcmp(name, "ENCRYPTED PRIVATE KEY") == 0;
}

#define MALFORMED 1	/* parse helpers return this for "malformed key" */

/* RSAPrivateKey ::= SEQUENCE { version 0, n, e, d, p, q, dp, dq, qinv } */
static int parse_pkcs1(const uint8_t *p, size_t len, struct key_info *ki)
{
	struct der_tlv seq, t;
	struct der d;
	long v;
	int i;

	if (der_parse_one(p, len, &seq) || seq.tag != DER_SEQUENCE)
		return MALFORMED;
	d = der_inner(&seq);
	if (der_expect(&d, DER_INTEGER, &t) || der_int_small(&t, &v) || v != 0)
		return MALFORMED;	/* v1 = multi-prime: not supported */
	if (der_expect(&d, DER_INTEGER, &ki->n) || !der_int_ok(&ki->n) ||
	    der_expect(&d, DER_INTEGER, &ki->e) || !der_int_ok(&ki->e))
		return MALFORMED;
	if ((ki->n.val[0] & 0x80) || (ki->e.val[0] & 0x80))
		return MALFORMED;	/* negative */
	for (i = 0; i < 6; i++)
		if (der_expect(&d, DER_INTEGER, &t) || !der_int_ok(&t))
			return MALFORMED;
	if (!der_empty(&d))
		return MALFORMED;
	ki->type = BR_KEYTYPE_RSA;
	return 0;
}

/* ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING,
 *     parameters [0] ECParameters OPTIONAL, publicKey [1] BIT STRING OPTIONAL } */
static int parse_sec1(const uint8_t *p, size_t len, struct key_info *ki,
		      const char *path, char err[SG_ERR_MAX])
{
	struct der_tlv seq, t, params;
	struct der d;
	long v;
	int r;

	if (der_parse_one(p, len, &seq) || seq.tag != DER_SEQUENCE)
		return MALFORMED;
	d = der_inner(&seq);
	if (der_expect(&d, DER_INTEGER, &t) || der_int_small(&t, &v) || v != 1 ||
	    der_expect(&d, DER_OCTET_STRING, &t))
		return MALFORMED;
	r = der_optional(&d, DER_CTX_CONS(0), &params);
	if (r < 0)
		return MALFORMED;
	if (r == 1) {
		struct der pd = der_inner(&params);
		struct der_tlv oid;

		if (der_peek(&pd) != DER_OID) {
			sg_err(err, path, "EC key with explicit curve parameters not supported (need a named curve, P-256 or P-384)");
			return -1;
		}
		if (der_next(&pd, &oid) || !der_empty(&pd))
			return MALFORMED;
		if (ki->curve.tag == DER_OID &&
		    !der_oid_is(&oid, ki->curve.val, ki->curve.len))
			return MALFORMED;	/* PKCS#8 and SEC1 disagree */
		ki->curve = oid;
	}
	if (der_optional(&d, DER_CTX_CONS(1), &t) < 0 || !der_empty(&d))
		return MALFORMED;
	if (ki->curve.tag != DER_OID)
		return MALFORMED;	/* no curve anywhere */
	ki->type = BR_KEYTYPE_EC;
	return 0;
}

/* Classify and walk the key; 0, MALFORMED, or -1 with err set. */
static int parse_key(const uint8_t *p, size_t len, struct key_info *ki,
		     const char *path, char err[SG_ERR_MAX])
{
	struct der_tlv seq, first, second, t;
	struct der d;
	long v;
	char buf[96];

	memset(ki, 0, sizeof(*ki));
	if (der_parse_one(p, len, &seq) || seq.tag != DER_SEQUENCE)
		return MALFORMED;
	d = der_inner(&seq);
	if (der_next(&d, &first) || der_next(&d, &second))
		return MALFORMED;
	if (first.tag == DER_SEQUENCE) {
		/* EncryptedPrivateKeyInfo { AlgorithmIdentifier, OCTET STRING } */
		if (second.tag == DER_OCTET_STRING && der_empty(&d)) {
			sg_err(err, path, "encrypted private key not supported");
			return -1;
		}
		/* Certificate { tbsCertificate, signatureAlgorithm, BIT STRING } */
		if (second.tag == DER_SEQUENCE && der_peek(&d) == DER_BIT_STRING) {
			sg_err(err, path, "not a private key (found a CERTIFICATE)");
			return -1;
		}
		return MALFORMED;
	}
	if (der_int_small(&first, &v))
		return MALFORMED;
	if (v == 0 && second.tag == DER_INTEGER)
		return parse_pkcs1(p, len, ki);
	if (v == 1 && second.tag == DER_OCTET_STRING)
		return parse_sec1(p, len, ki, path, err);
	if ((v == 0 || v == 1) && second.tag == DER_SEQUENCE) {
		/* PrivateKeyInfo / OneAsymmetricKey { version, algorithm,
		 *     privateKey OCTET STRING, [0] attributes, [1] publicKey } */
		struct der ad = der_inner(&second);
		struct der_tlv alg, key;

		if (der_expect(&ad, DER_OID, &alg) ||
		    der_expect(&d, DER_OCTET_STRING, &key))
			return MALFORMED;
		if (der_optional(&d, DER_CTX_CONS(0), &t) < 0 ||
		    der_optional(&d, DER_CTX_PRIM(1), &t) < 0 || !der_empty(&d))
			return MALFORMED;
		if (der_oid_is(&alg, SG_OID_RSA_ENCRYPTION.b, SG_OID_RSA_ENCRYPTION.len))
			return parse_pkcs1(key.val, key.len, ki);
		if (der_oid_is(&alg, SG_OID_EC_PUBLIC_KEY.b, SG_OID_EC_PUBLIC_KEY.len)) {
			if (der_peek(&ad) != DER_OID) {
				sg_err(err, path, "EC key with explicit curve parameters not supported (need a named curve, P-256 or P-384)");
				return -1;
			}
			if (der_next(&ad, &ki->curve) || !der_empty(&ad))
				return MALFORMED;
			return parse_sec1(key.val, key.len, ki, path, err);
		}
		sg_err(err, path, "key algorithm %s not supported (need RSA or ECDSA)",
		       sg_oid_name(alg.val, alg.len, buf, sizeof(buf)));
		return -1;
	}
	return MALFORMED;
}

/* Bits in a big-endian unsigned number. */
static unsigned bit_length(const uint8_t *p, size_t len)
{
	unsigned bits;
	uint8_t top;

	while (len && *p == 0) {
		p++;
		len--;
	}
	if (!len)
		return 0;
	bits = (unsigned)(len - 1) * 8;
	for (top = *p; top; top >>= 1)
		bits++;
	return bits;
}

/* Strip leading zero bytes and copy into dst (of size cap). */
static int copy_unsigned(uint8_t *dst, size_t cap, size_t *out_len,
			 const uint8_t *p, size_t len)
{
	while (len > 1 && *p == 0) {
		p++;
		len--;
	}
	if (len > cap)
		return -1;
	memcpy(dst, p, len);
	*out_len = len;
	return 0;
}

/* Take the private parts out of the decoder into key->priv. */
static int copy_rsa(struct sg_key *key, const br_rsa_private_key *sk)
{
	size_t total = sk->plen + sk->qlen + sk->dplen + sk->dqlen + sk->iqlen;
	uint8_t *p;

	key->priv = p = malloc(total ? total : 1);
	if (!p)
		return -1;
	key->priv_len = total;
	key->rsa.n_bitlen = sk->n_bitlen;
#define TAKE(f)								\
	do {								\
		memcpy(p, sk->f, sk->f##len);				\
		key->rsa.f = p;						\
		key->rsa.f##len = sk->f##len;				\
		p += sk->f##len;					\
	} while (0)
	TAKE(p);
	TAKE(q);
	TAKE(dp);
	TAKE(dq);
	TAKE(iq);
#undef TAKE
	return 0;
}

/* Sign a fixed digest and verify it with (n, e): proves that e belongs to
 * the private key (a file could carry an e unrelated to d). */
static int rsa_self_test(const struct sg_key *key)
{
	static const uint8_t digest[32] = { 't', 'i', 'n', 'y', 's', 'k', 'e', 'l' };
	uint8_t sig[512];
	size_t len = (key->rsa.n_bitlen + 7) / 8;

	if (len > sizeof(sig))
		return -1;
	if (!br_rsa_pkcs1_sign_get_default()(BR_HASH_OID_SHA256, digest, 32,
					     &key->rsa, sig))
		return -1;
	return sg_verify_digest(&key->pub, digest, sig, len) ? 0 : -1;
}

static int load_rsa(struct sg_key *key, const br_skey_decoder_context *dc,
		    const struct key_info *ki, const char *path,
		    char err[SG_ERR_MAX])
{
	const br_rsa_private_key *sk = br_skey_decoder_get_rsa(dc);
	uint8_t n[512];
	size_t nlen;

	if (!sk) {
		sg_err(err, path, "truncated or malformed key");
		return -1;
	}
	key->pub.type = BR_KEYTYPE_RSA;
	key->pub.bits = bit_length(ki->n.val, ki->n.len);
	if (copy_unsigned(key->pub.n, sizeof(key->pub.n), &key->pub.nlen,
			  ki->n.val, ki->n.len) ||
	    copy_unsigned(key->pub.e, sizeof(key->pub.e), &key->pub.elen,
			  ki->e.val, ki->e.len)) {
		sg_err(err, path, "RSA public exponent too large");
		return -1;
	}
	if (copy_rsa(key, sk)) {
		sg_err(err, path, "out of memory");
		return -1;
	}
	/* i15, not the default (i31): BearSSL 0.6's i31 version returns 0
	 * for 4096-bit keys. */
	nlen = br_rsa_i15_compute_modulus(NULL, &key->rsa);
	if (nlen != key->pub.nlen || nlen > sizeof(n) ||
	    br_rsa_i15_compute_modulus(n, &key->rsa) != nlen ||
	    memcmp(n, key->pub.n, nlen) != 0) {
		sg_err(err, path, "inconsistent RSA key (modulus is not p*q)");
		return -1;
	}
	if (rsa_self_test(key)) {
		sg_err(err, path, "inconsistent RSA key (public exponent does not match the private key)");
		return -1;
	}
	return 0;
}

static int load_ec(struct sg_key *key, const br_skey_decoder_context *dc,
		   const char *path, char err[SG_ERR_MAX])
{
	const br_ec_private_key *sk = br_skey_decoder_get_ec(dc);
	br_ec_public_key pk;
	size_t qlen;

	if (!sk || sk->xlen == 0) {
		sg_err(err, path, "truncated or malformed key");
		return -1;
	}
	if (sk->curve != BR_EC_secp256r1 && sk->curve != BR_EC_secp384r1) {
		sg_err(err, path, "EC curve %s not supported (need P-256 or P-384)",
		       sg_curve_name(sk->curve));
		return -1;
	}
	key->priv = malloc(sk->xlen);
	if (!key->priv) {
		sg_err(err, path, "out of memory");
		return -1;
	}
	memcpy(key->priv, sk->x, sk->xlen);
	key->priv_len = sk->xlen;
	key->ec.curve = sk->curve;
	key->ec.x = key->priv;
	key->ec.xlen = sk->xlen;
	qlen = br_ec_compute_pub(br_ec_get_default(), &pk, key->pub.q, &key->ec);
	if (qlen == 0 || qlen > sizeof(key->pub.q)) {
		sg_err(err, path, "invalid EC private key");
		return -1;
	}
	key->pub.type = BR_KEYTYPE_EC;
	key->pub.curve = sk->curve;
	key->pub.qlen = qlen;
	key->pub.bits = sk->curve == BR_EC_secp256r1 ? 256 : 384;
	return 0;
}

int sg_key_load(const char *path, struct sg_key **out, char err[SG_ERR_MAX])
{
	br_skey_decoder_context *dc = NULL;
	struct sg_key *key = NULL;
	struct key_info ki;
	uint8_t *der = NULL;
	size_t len = 0;
	char buf[96];
	int r;

	*out = NULL;
	if (sg_load_der(path, key_pem_name, "a private key", &der, &len, err))
		return -1;
	r = parse_key(der, len, &ki, path, err);
	if (r < 0)
		goto fail;
	if (r == MALFORMED) {
		sg_err(err, path, "truncated or malformed key");
		goto fail;
	}
	if (ki.type == BR_KEYTYPE_RSA) {
		unsigned bits = bit_length(ki.n.val, ki.n.len);

		if (bits < 2048 || bits > 4096) {
			sg_err(err, path, "RSA key of %u bits (need 2048-4096)", bits);
			goto fail;
		}
	} else if (!der_oid_is(&ki.curve, SG_OID_P256.b, SG_OID_P256.len) &&
		   !der_oid_is(&ki.curve, SG_OID_P384.b, SG_OID_P384.len)) {
		sg_err(err, path, "EC curve %s not supported (need P-256 or P-384)",
		       sg_oid_name(ki.curve.val, ki.curve.len, buf, sizeof(buf)));
		goto fail;
	}

	dc = malloc(sizeof(*dc));
	key = calloc(1, sizeof(*key));
	if (!dc || !key) {
		sg_err(err, path, "out of memory");
		goto fail;
	}
	br_skey_decoder_init(dc);
	br_skey_decoder_push(dc, der, len);
	if (br_skey_decoder_last_error(dc) ||
	    br_skey_decoder_key_type(dc) != ki.type) {
		sg_err(err, path, "truncated or malformed key");
		goto fail;
	}
	if (ki.type == BR_KEYTYPE_RSA)
		r = load_rsa(key, dc, &ki, path, err);
	else
		r = load_ec(key, dc, path, err);
	if (!r)
		r = sg_pubkey_policy(&key->pub, path, err); /* the rule sg_pkcs7_verify applies too */
	if (r)
		goto fail;
	sg_wipe(dc, sizeof(*dc));
	free(dc);
	sg_wipe(der, len);
	free(der);
	*out = key;
	return 0;
fail:
	if (dc) {
		sg_wipe(dc, sizeof(*dc));
		free(dc);
	}
	sg_key_free(key);
	sg_wipe(der, len);
	free(der);
	return -1;
}

void sg_key_free(struct sg_key *key)
{
	if (!key)
		return;
	if (key->priv) {
		sg_wipe(key->priv, key->priv_len);
		free(key->priv);
	}
	sg_wipe(key, sizeof(*key));
	free(key);
}
