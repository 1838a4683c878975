// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* skelgen_pkcs7.c - sg_pkcs7_sign (structure, determinism) and
 * sg_pkcs7_verify (ours and OpenSSL's, good and bad) - skelgen/sign/pkcs7_*.c.
 * The OpenSSL side of the story is tests/oracle/pkcs7_openssl.sh. */
#include "sign/crypto.h"
#include "sign/der.h"
#include "sg_test.h"

static const uint8_t content[] = "tinyskel content to sign\n";

/* Walk our output and check the choices documented in pkcs7_sign.c. */
static void check_structure(const char *name, const uint8_t *der, size_t len,
			    const struct sg_cert *c)
{
	struct der_tlv ci, t, sd, si, sid, alg;
	struct der d, in, a;
	long v;
	unsigned want_v = c->ski ? 3 : 1;

	CHECK(der_parse_one(der, len, &ci) == 0 && ci.tag == DER_SEQUENCE, "%s: outer", name);
	d = der_inner(&ci);
	CHECK(der_expect(&d, DER_OID, &t) == 0 &&
	      der_oid_is(&t, SG_OID_SIGNED_DATA.b, SG_OID_SIGNED_DATA.len), "%s: signedData", name);
	CHECK(der_expect(&d, DER_CTX_CONS(0), &t) == 0 && der_empty(&d), "%s: [0]", name);
	in = der_inner(&t);
	CHECK(der_expect(&in, DER_SEQUENCE, &sd) == 0, "%s: SignedData", name);
	d = der_inner(&sd);
	CHECK(der_expect(&d, DER_INTEGER, &t) == 0 && der_int_small(&t, &v) == 0 &&
	      v == (long)want_v, "%s: SignedData version expected %u got %ld", name, want_v, v);
	/* digestAlgorithms: exactly SET { SEQUENCE { sha256 } } */
	static const uint8_t digalgs[] = { 0x31, 0x0d, 0x30, 0x0b, 0x06, 0x09,
		0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01 };
	CHECK(der_next(&d, &t) == 0 && t.total == sizeof(digalgs) &&
	      memcmp(t.start, digalgs, sizeof(digalgs)) == 0,
	      "%s: digestAlgorithms is not SET { SEQUENCE { sha256 } }", name);
	/* encapContentInfo: SEQUENCE { id-data } and nothing else (detached) */
	CHECK(der_expect(&d, DER_SEQUENCE, &t) == 0 && t.total == 13 &&
	      memcmp(t.val + 2, SG_OID_DATA.b, SG_OID_DATA.len) == 0,
	      "%s: encapContentInfo is not a bare id-data", name);
	/* no certificates [0], no crls [1]: signerInfos follows directly */
	CHECK(der_peek(&d) == DER_SET, "%s: expected signerInfos, got tag 0x%02x", name,
	      der_peek(&d));
	CHECK(der_expect(&d, DER_SET, &t) == 0 && der_empty(&d), "%s: signerInfos last", name);
	in = der_inner(&t);
	CHECK(der_expect(&in, DER_SEQUENCE, &si) == 0 && der_empty(&in), "%s: one signer", name);
	d = der_inner(&si);
	CHECK(der_expect(&d, DER_INTEGER, &t) == 0 && der_int_small(&t, &v) == 0 &&
	      v == (long)want_v, "%s: SignerInfo version expected %u got %ld", name, want_v, v);
	CHECK(der_next(&d, &sid) == 0, "%s: sid", name);
	if (c->ski)
		CHECK(sid.tag == DER_CTX_PRIM(0) && sid.len == c->ski_len &&
		      memcmp(sid.val, c->ski, c->ski_len) == 0, "%s: sid is not [0] SKI", name);
	else
		CHECK(sid.tag == DER_SEQUENCE &&
		      sid.len == c->issuer_len + 2 + c->serial_len &&
		      memcmp(sid.val, c->issuer, c->issuer_len) == 0,
		      "%s: sid is not issuerAndSerialNumber", name);
	CHECK(der_expect(&d, DER_SEQUENCE, &alg) == 0 && alg.total == 13 &&
	      memcmp(alg.start, digalgs + 2, 13) == 0,
	      "%s: digestAlgorithm is not SEQUENCE { sha256 }", name);
	/* no signed attributes: signatureAlgorithm comes next */
	CHECK(der_peek(&d) == DER_SEQUENCE, "%s: signed attributes present", name);
	CHECK(der_expect(&d, DER_SEQUENCE, &alg) == 0, "%s: signatureAlgorithm", name);
	a = der_inner(&alg);
	CHECK(der_expect(&a, DER_OID, &t) == 0, "%s: sigalg OID", name);
	if (c->pub.type == BR_KEYTYPE_RSA) {
		CHECK(der_oid_is(&t, SG_OID_RSA_ENCRYPTION.b, SG_OID_RSA_ENCRYPTION.len) &&
		      der_expect(&a, DER_NULL, &t) == 0 && t.len == 0 && der_empty(&a),
		      "%s: expected { rsaEncryption, NULL }", name);
	} else {
		CHECK(der_oid_is(&t, SG_OID_ECDSA_SHA256.b, SG_OID_ECDSA_SHA256.len) &&
		      der_empty(&a), "%s: expected { ecdsa-with-SHA256 }", name);
	}
	CHECK(der_expect(&d, DER_OCTET_STRING, &t) == 0 && der_empty(&d), "%s: signature last", name);
	if (c->pub.type == BR_KEYTYPE_RSA)
		CHECK(t.len == c->pub.nlen, "%s: RSA signature of %zu bytes, modulus %zu",
		      name, t.len, c->pub.nlen);
	else
		CHECK(t.len > 8 && t.val[0] == 0x30, "%s: ECDSA signature is not DER", name);
}

static void expect_verify(const char *what, const uint8_t *der, size_t len,
			  const struct sg_cert *c, const uint8_t *msg, size_t msg_len,
			  const char *want_err)
{
	char err[SG_ERR_MAX] = "", want[SG_ERR_MAX + 64];
	int r = sg_pkcs7_verify(der, len, "sig.der", c, msg, msg_len, err);

	if (!want_err) {
		CHECK(r == 0, "%s: expected to verify, got \"%s\"", what, err);
		return;
	}
	snprintf(want, sizeof(want), "sig.der: %s", want_err);
	CHECK(r == -1, "%s: expected \"%s\", got success", what, want);
	CHECK_ERR(err, want);
}

static void sign_case(const char *keyname, const char *certname, const char *other_cert)
{
	struct sg_key *k = NULL;
	struct sg_cert *c = NULL, *o = NULL;
	uint8_t *s1 = NULL, *s2 = NULL, flipped[sizeof(content)];
	size_t l1 = 0, l2 = 0;
	char err[SG_ERR_MAX] = "", want[SG_ERR_MAX];

	if (sg_key_load(fixture(keyname), &k, err) ||
	    sg_cert_load(fixture(certname), &c, err) ||
	    sg_cert_load(fixture(other_cert), &o, err)) {
		CHECK(0, "%s/%s: %s", keyname, certname, err);
		goto out;
	}
	CHECK(sg_pkcs7_sign(k, c, content, sizeof(content), &s1, &l1, err) == 0,
	      "%s: sign: %s", certname, err);
	CHECK(sg_pkcs7_sign(k, c, content, sizeof(content), &s2, &l2, err) == 0,
	      "%s: sign again: %s", certname, err);
	if (!s1 || !s2)
		goto out;
	CHECK(l1 == l2 && memcmp(s1, s2, l1) == 0,
	      "%s: signing twice gave different bytes (%zu vs %zu)", certname, l1, l2);
	check_structure(certname, s1, l1, c);

	expect_verify(certname, s1, l1, c, content, sizeof(content), NULL);
	memcpy(flipped, content, sizeof(content));
	flipped[3] ^= 0x20;
	snprintf(want, sizeof(want), "signature does not verify against %s", c->path);
	expect_verify("flipped content", s1, l1, c, flipped, sizeof(flipped), want);
	expect_verify("shorter content", s1, l1, c, content, sizeof(content) - 1, want);
	snprintf(want, sizeof(want), "signer is not %s", o->path);
	expect_verify("other cert", s1, l1, o, content, sizeof(content), want);
	/* flip a byte of the signature itself (last byte of the DER) */
	s1[l1 - 1] ^= 0x01;
	snprintf(want, sizeof(want), "signature does not verify against %s", c->path);
	expect_verify("flipped signature", s1, l1, c, content, sizeof(content), want);
	s1[l1 - 1] ^= 0x01;
	/* every truncation is refused, none crashes */
	for (size_t n = 0; n < l1; n += (n < 64 ? 1 : 37)) {
		char e2[SG_ERR_MAX];

		CHECK(sg_pkcs7_verify(s1, n, "sig.der", c, content, sizeof(content), e2) == -1,
		      "%s: truncated to %zu bytes accepted", certname, n);
	}
	/* Key from another pair than the certificate: refused up front. */
	if (!sg_pubkey_equal(&k->pub, &o->pub)) {
		uint8_t *s3 = NULL;
		size_t l3 = 0;

		CHECK(sg_pkcs7_sign(k, o, content, sizeof(content), &s3, &l3, err) == -1 && !s3,
		      "%s: signing with a certificate of another key succeeded", keyname);
		CHECK_ERR(err, "sign: private key does not match the certificate");
		free(s3);
	}
out:
	free(s1);
	free(s2);
	sg_key_free(k);
	sg_cert_free(c);
	sg_cert_free(o);
}

/* OpenSSL-made signatures over tests/fixtures/keys/content.bin. */
static void openssl_fixtures(void)
{
	struct sg_cert *rsa = NULL, *p256 = NULL, *rsa_noski = NULL;
	uint8_t *msg = NULL, *sa = NULL, *sn = NULL;
	size_t msg_len = 0, la = 0, ln = 0;
	char err[SG_ERR_MAX] = "", want[SG_ERR_MAX];

	if (sg_cert_load(fixture("rsa2048.crt.pem"), &rsa, err) ||
	    sg_cert_load(fixture("rsa2048-noski.crt.pem"), &rsa_noski, err) ||
	    sg_cert_load(fixture("p256.crt.pem"), &p256, err) ||
	    sg_read_file(fixture("content.bin"), &msg, &msg_len, err) ||
	    sg_read_file(fixture("sig-attrs-rsa2048.der"), &sa, &la, err) ||
	    sg_read_file(fixture("sig-noattr-p256.der"), &sn, &ln, err)) {
		CHECK(0, "fixtures: %s", err);
		goto out;
	}
	/* with signed attributes (contentType, signingTime, messageDigest, ...) */
	expect_verify("openssl attrs", sa, la, rsa, msg, msg_len, NULL);
	msg[0] ^= 1;
	expect_verify("openssl attrs, tampered content", sa, la, rsa, msg, msg_len,
		      "content does not match the signature (messageDigest differs)");
	msg[0] ^= 1;
	/* the same key in a certificate with another issuer/serial */
	snprintf(want, sizeof(want), "signer is not %s", rsa_noski->path);
	expect_verify("openssl attrs, other cert", sa, la, rsa_noski, msg, msg_len, want);
	/* a flipped byte inside the signed attributes breaks the signature
	 * but not the structure: find signingTime's UTCTime and change it */
	for (size_t i = 0; i + 2 < la; i++) {
		if (sa[i] == 0x17 && sa[i + 1] == 0x0d) {
			sa[i + 3] ^= 0x01;	/* a digit of the year */
			snprintf(want, sizeof(want), "signature does not verify against %s",
				 rsa->path);
			expect_verify("openssl attrs, changed signingTime", sa, la, rsa,
				      msg, msg_len, want);
			sa[i + 3] ^= 0x01;
			break;
		}
	}
	/* Flip every bit of the signature in turn: no crash, no read out of
	 * bounds (ASan), and the result is never "good" when the flip lands in
	 * the signed attributes or the signature value (from the [0] of the
	 * attributes to the end). */
	{
		size_t attrs_at = 0, accepted_late = 0;

		/* [0] with a one-byte long length (a0 81 LL), then the first
		 * attribute: SEQUENCE { OID contentType ... } */
		for (size_t i = 0; i + 16 < la; i++)
			if (sa[i] == 0xa0 && sa[i + 1] == 0x81 && sa[i + 3] == 0x30 &&
			    sa[i + 5] == 0x06 && sa[i + 6] == 0x09 &&
			    memcmp(sa + i + 7, SG_OID_CONTENT_TYPE.b, 9) == 0) {
				attrs_at = i;
				break;
			}
		CHECK(attrs_at > 0, "signed attributes not found in sig-attrs-rsa2048.der");
		for (size_t i = 0; i < la; i++) {
			for (int bit = 0; bit < 8; bit++) {
				char e2[SG_ERR_MAX];
				int r;

				sa[i] ^= (uint8_t)(1u << bit);
				r = sg_pkcs7_verify(sa, la, "sig.der", rsa, msg, msg_len, e2);
				sa[i] ^= (uint8_t)(1u << bit);
				if (r == 0 && attrs_at && i >= attrs_at + 3)
					accepted_late++;
			}
		}
		CHECK(accepted_late == 0, "%zu bit flips in signed attributes or signature accepted",
		      accepted_late);
	}
	/* no attributes, ECDSA, signer by SKI */
	expect_verify("openssl noattr p256", sn, ln, p256, msg, msg_len, NULL);
	msg[msg_len - 1] ^= 1;
	snprintf(want, sizeof(want), "signature does not verify against %s", p256->path);
	expect_verify("openssl noattr p256, tampered", sn, ln, p256, msg, msg_len, want);
	msg[msg_len - 1] ^= 1;
	/* digest algorithm: turn the SignerInfo's sha256 OID into sha384 (the
	 * last of the two sha256 OIDs in the message) */
	{
		const uint8_t *oid = SG_OID_SHA256.b;
		size_t last = 0;

		for (size_t i = 0; i + SG_OID_SHA256.len <= ln; i++)
			if (memcmp(sn + i, oid, SG_OID_SHA256.len) == 0)
				last = i;
		CHECK(last > 0, "no sha256 OID in sig-noattr-p256.der");
		if (last) {
			sn[last + SG_OID_SHA256.len - 1] = 0x02;
			expect_verify("sha384 digest", sn, ln, p256, msg, msg_len,
				      "digest algorithm SHA-384 not supported (need SHA-256)");
			sn[last + SG_OID_SHA256.len - 1] = 0x01;
		}
	}
	/* not a SignedData at all */
	expect_verify("certificate as signature", rsa->der, rsa->der_len, rsa, msg, msg_len,
		      "not a PKCS#7 SignedData");
	expect_verify("garbage", msg, msg_len, rsa, msg, msg_len, "not a PKCS#7 SignedData");
out:
	free(msg);
	free(sa);
	free(sn);
	sg_cert_free(rsa);
	sg_cert_free(rsa_noski);
	sg_cert_free(p256);
}

int main(void)
{
	sign_case("rsa2048.key.pem", "rsa2048.crt.pem", "other-rsa2048.crt.pem");
	sign_case("rsa2048.pkcs1.der", "rsa2048-noski.crt.pem", "other-rsa2048-noski.crt.pem");
	sign_case("rsa3072.key.pem", "rsa3072.crt.pem", "rsa2048.crt.pem");
	sign_case("rsa4096.key.pem", "rsa4096-noski.crt.pem", "rsa4096.crt.pem");
	sign_case("p256.key.pem", "p256.crt.pem", "other-p256.crt.pem");
	sign_case("p256.sec1.der", "p256-noski.crt.pem", "other-p256-noski.crt.pem");
	sign_case("p384.key.pem", "p384.crt.pem", "p256.crt.pem");
	sign_case("p384.key.pem", "p384-noski.crt.pem", "p384.crt.pem");
	openssl_fixtures();
	return sg_test_done("skelgen_pkcs7");
}
