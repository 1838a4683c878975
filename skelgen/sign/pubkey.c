// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* pubkey.c - public keys: copy from BearSSL, compare, verify a digest. */
#include "crypto.h"

#include <string.h>

static void strip(const uint8_t **p, size_t *len)
{
	while (*len > 1 && **p == 0) {
		(*p)++;
		(*len)--;
	}
}

int sg_pubkey_from_br(const br_x509_pkey *pk, struct sg_pubkey *out,
		      const char *path, char err[SG_ERR_MAX])
{
	memset(out, 0, sizeof(*out));
	if (pk->key_type == BR_KEYTYPE_RSA) {
		const uint8_t *n = pk->key.rsa.n, *e = pk->key.rsa.e;
		size_t nlen = pk->key.rsa.nlen, elen = pk->key.rsa.elen;

		strip(&n, &nlen);
		strip(&e, &elen);
		if (nlen == 0 || nlen > sizeof(out->n)) {
			sg_err(err, path, "RSA key too large (need 2048-4096 bits)");
			return -1;
		}
		if (elen == 0 || elen > sizeof(out->e)) {
			sg_err(err, path, "RSA public exponent too large");
			return -1;
		}
		out->type = BR_KEYTYPE_RSA;
		memcpy(out->n, n, nlen);
		out->nlen = nlen;
		memcpy(out->e, e, elen);
		out->elen = elen;
		out->bits = (unsigned)(nlen - 1) * 8;
		for (uint8_t top = n[0]; top; top >>= 1)
			out->bits++;
		return 0;
	}
	if (pk->key_type == BR_KEYTYPE_EC) {
		if (pk->key.ec.qlen == 0 || pk->key.ec.qlen > sizeof(out->q)) {
			sg_err(err, path, "malformed EC public key");
			return -1;
		}
		out->type = BR_KEYTYPE_EC;
		out->curve = pk->key.ec.curve;
		memcpy(out->q, pk->key.ec.q, pk->key.ec.qlen);
		out->qlen = pk->key.ec.qlen;
		out->bits = out->curve == BR_EC_secp256r1 ? 256 :
			    out->curve == BR_EC_secp384r1 ? 384 : 0;
		return 0;
	}
	sg_err(err, path, "unsupported public key type");
	return -1;
}

int sg_pubkey_equal(const struct sg_pubkey *a, const struct sg_pubkey *b)
{
	if (a->type != b->type)
		return 0;
	if (a->type == BR_KEYTYPE_RSA)
		return a->nlen == b->nlen && a->elen == b->elen &&
		       memcmp(a->n, b->n, a->nlen) == 0 &&
		       memcmp(a->e, b->e, a->elen) == 0;
	if (a->type == BR_KEYTYPE_EC)
		return a->curve == b->curve && a->qlen == b->qlen &&
		       memcmp(a->q, b->q, a->qlen) == 0;
	return 0;
}

int sg_verify_digest(const struct sg_pubkey *pub, const uint8_t digest[32],
		     const uint8_t *sig, size_t sig_len)
{
	if (pub->type == BR_KEYTYPE_RSA) {
		br_rsa_public_key pk;
		uint8_t out[32];

		/* BearSSL checks sig_len == modulus length itself. */
		pk.n = (unsigned char *)pub->n;
		pk.nlen = pub->nlen;
		pk.e = (unsigned char *)pub->e;
		pk.elen = pub->elen;
		if (!br_rsa_pkcs1_vrfy_get_default()(sig, sig_len,
						     BR_HASH_OID_SHA256, 32,
						     &pk, out))
			return 0;
		return memcmp(out, digest, 32) == 0;
	}
	if (pub->type == BR_KEYTYPE_EC) {
		br_ec_public_key pk;

		pk.curve = pub->curve;
		pk.q = (unsigned char *)pub->q;
		pk.qlen = pub->qlen;
		return br_ecdsa_vrfy_asn1_get_default()(br_ec_get_default(),
							digest, 32, &pk,
							sig, sig_len) == 1;
	}
	return 0;
}

int sg_key_matches_cert(const struct sg_key *key, const char *key_path,
			const struct sg_cert *cert, const char *cert_path,
			char err[SG_ERR_MAX])
{
	if (sg_pubkey_equal(&key->pub, &cert->pub))
		return 0;
	sg_err(err, key_path, "private key does not match certificate %s",
	       cert_path);
	return -1;
}

int sg_pubkey_policy(const struct sg_pubkey *pub, const char *path, char err[SG_ERR_MAX])
{
	if (pub->type == BR_KEYTYPE_RSA) {
		if (pub->bits < 2048 || pub->bits > 4096) {
			sg_err(err, path, "RSA key of %u bits (need 2048-4096)", pub->bits);
			return -1;
		}
		if (!pub->elen || (pub->elen == 1 && pub->e[0] < 3) || !(pub->e[pub->elen - 1] & 1)) {
			sg_err(err, path, "RSA public exponent must be odd and at least 3");
			return -1;
		}
		return 0;
	}
	if (pub->type == BR_KEYTYPE_EC && (pub->curve == BR_EC_secp256r1 || pub->curve == BR_EC_secp384r1))
		return 0;
	if (pub->type == BR_KEYTYPE_EC)
		sg_err(err, path, "EC curve %s not supported (need P-256 or P-384)", sg_curve_name(pub->curve));
	else
		sg_err(err, path, "unsupported public key type");
	return -1;
}
