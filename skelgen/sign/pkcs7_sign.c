// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * pkcs7_sign.c - a detached PKCS#7/CMS SignedData, DER, as the kernel's
 * pkcs7 parser accepts it and as `openssl cms -sign -binary -nocerts
 * -noattr -md sha256` writes it:
 *
 * ContentInfo ::= SEQUENCE {
 *   contentType  id-signedData (1.2.840.113549.1.7.2),
 *   content [0] EXPLICIT SignedData ::= SEQUENCE {
 *     version 1 (issuerAndSerialNumber) or 3 (subjectKeyIdentifier),
 *     digestAlgorithms SET { SEQUENCE { sha256 } },     -- no parameters
 *     encapContentInfo SEQUENCE { id-data },            -- detached
 *     -- no certificates, no crls
 *     signerInfos SET { SignerInfo ::= SEQUENCE {
 *       version 1 or 3 (same as above),
 *       sid  IssuerAndSerialNumber SEQUENCE { issuer Name, serial INTEGER }
 *          | [0] IMPLICIT SubjectKeyIdentifier (OCTET STRING),
 *       digestAlgorithm SEQUENCE { sha256 },
 *       -- no signedAttrs: the signature is over SHA-256(content)
 *       signatureAlgorithm SEQUENCE { rsaEncryption, NULL }
 *                        | SEQUENCE { ecdsa-with-SHA256 },
 *       signature OCTET STRING } } } }
 *
 * rsaEncryption (not sha256WithRSAEncryption) and ecdsa-with-SHA256 are
 * what OpenSSL emits and what pkcs7_sig_note_pkey_algo() in the kernel
 * accepts.
 */
#include "crypto.h"
#include "der.h"

#include <stdlib.h>
#include <string.h>

static void put_oid(struct der_writer *w, const struct sg_oid *oid)
{
	der_put(w, DER_OID, oid->b, oid->len);
}

/* Signature over a SHA-256 digest; returns its length, 0 on failure. */
static size_t sign_digest(const struct sg_key *key, const uint8_t digest[32],
			  uint8_t sig[512])
{
	if (key->pub.type == BR_KEYTYPE_RSA) {
		size_t len = (key->rsa.n_bitlen + 7) / 8;

		if (len == 0 || len > 512)
			return 0;
		if (!br_rsa_pkcs1_sign_get_default()(BR_HASH_OID_SHA256, digest,
						     32, &key->rsa, sig))
			return 0;
		return len;
	}
	if (key->pub.type == BR_KEYTYPE_EC) {
		/* RFC 6979 deterministic nonce; DER (x962) output, at most
		 * 2 * 49 + 6 bytes for P-384. */
		return br_ecdsa_i31_sign_asn1(br_ec_get_default(),
					      &br_sha256_vtable, digest,
					      &key->ec, sig);
	}
	return 0;
}

int sg_pkcs7_sign(const struct sg_key *key, const struct sg_cert *cert,
		  const uint8_t *content, size_t content_len,
		  uint8_t **der, size_t *der_len, char err[SG_ERR_MAX])
{
	struct der_writer w;
	uint8_t digest[32], sig[512];
	size_t sig_len, m_ci, m_sd0, m_sd, m_set, m_si, m_sid, m_alg;
	unsigned version = cert->ski ? 3 : 1;

	*der = NULL;
	*der_len = 0;
	if (!content && content_len) {
		sg_err(err, "sign", "no content");
		return -1;
	}
	if (!sg_pubkey_equal(&key->pub, &cert->pub)) {
		sg_err(err, "sign", "private key does not match the certificate");
		return -1;
	}
	sg_sha256(content, content_len, digest);
	sig_len = sign_digest(key, digest, sig);
	if (sig_len == 0) {
		sg_err(err, "sign", "signing failed");
		return -1;
	}
	/* Never emit a signature the certificate's key does not accept. */
	if (!sg_verify_digest(&cert->pub, digest, sig, sig_len)) {
		sg_err(err, "sign", "signature failed its own verification");
		return -1;
	}

	der_writer_init(&w);
	m_ci = der_begin(&w);
	put_oid(&w, &SG_OID_SIGNED_DATA);
	m_sd0 = der_begin(&w);
	m_sd = der_begin(&w);
	der_put_small_int(&w, version);
	m_set = der_begin(&w);				/* digestAlgorithms */
	m_alg = der_begin(&w);
	put_oid(&w, &SG_OID_SHA256);
	der_end(&w, m_alg, DER_SEQUENCE);
	der_end(&w, m_set, DER_SET);
	m_alg = der_begin(&w);				/* encapContentInfo */
	put_oid(&w, &SG_OID_DATA);
	der_end(&w, m_alg, DER_SEQUENCE);
	m_set = der_begin(&w);				/* signerInfos */
	m_si = der_begin(&w);
	der_put_small_int(&w, version);
	if (cert->ski) {
		der_put(&w, DER_CTX_PRIM(0), cert->ski, cert->ski_len);
	} else {
		m_sid = der_begin(&w);
		der_put_raw(&w, cert->issuer, cert->issuer_len);
		der_put(&w, DER_INTEGER, cert->serial, cert->serial_len);
		der_end(&w, m_sid, DER_SEQUENCE);
	}
	m_alg = der_begin(&w);				/* digestAlgorithm */
	put_oid(&w, &SG_OID_SHA256);
	der_end(&w, m_alg, DER_SEQUENCE);
	m_alg = der_begin(&w);				/* signatureAlgorithm */
	if (key->pub.type == BR_KEYTYPE_RSA) {
		put_oid(&w, &SG_OID_RSA_ENCRYPTION);
		der_put(&w, DER_NULL, NULL, 0);
	} else {
		put_oid(&w, &SG_OID_ECDSA_SHA256);
	}
	der_end(&w, m_alg, DER_SEQUENCE);
	der_put(&w, DER_OCTET_STRING, sig, sig_len);
	der_end(&w, m_si, DER_SEQUENCE);
	der_end(&w, m_set, DER_SET);
	der_end(&w, m_sd, DER_SEQUENCE);
	der_end(&w, m_sd0, DER_CTX_CONS(0));
	der_end(&w, m_ci, DER_SEQUENCE);

	*der = der_writer_take(&w, der_len);
	if (!*der) {
		sg_err(err, "sign", "out of memory");
		return -1;
	}
	return 0;
}
