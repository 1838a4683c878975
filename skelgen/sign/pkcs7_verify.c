// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * pkcs7_verify.c - check a detached DER PKCS#7/CMS SignedData made by us
 * or by another tool (openssl cms, the kernel's sign-file), with or without
 * signed attributes, against a certificate and the content.
 *
 * The same rules as the kernel's pkcs7 parser where they matter: SignedData
 * version 1 with issuerAndSerialNumber signers, 3 with subjectKeyIdentifier;
 * content type id-data; content not embedded; digest SHA-256.
 */
#include "crypto.h"
#include "der.h"

#include <stdlib.h>
#include <string.h>

struct signer {
	long version;
	struct der_tlv sid;		/* SEQUENCE or [0] */
	struct der_tlv digest_alg;	/* OID */
	struct der_tlv attrs;		/* [0] signedAttrs, tag 0 if absent */
	struct der_tlv sig_alg;		/* OID */
	struct der_tlv sig;		/* OCTET STRING */
};

/* Error helpers: all messages start with the signature file's name. */
#define BAD(...)  do { sg_err(err, path, __VA_ARGS__); return -1; } while (0)
#define MALFORMED(what) BAD("malformed PKCS#7 SignedData (%s)", what)

static int alg_oid(const struct der_tlv *alg, struct der_tlv *oid)
{
	struct der d = der_inner(alg);
	struct der_tlv t;

	if (alg->tag != DER_SEQUENCE || der_expect(&d, DER_OID, oid))
		return -1;
	/* parameters: absent or NULL for every algorithm we accept */
	if (!der_empty(&d) && (der_expect(&d, DER_NULL, &t) || t.len != 0 ||
			       !der_empty(&d)))
		return -1;
	return 0;
}

static int parse_signer(const struct der_tlv *si, struct signer *s,
			const char *path, char err[SG_ERR_MAX])
{
	struct der d = der_inner(si);
	struct der_tlv t;
	int r;

	memset(s, 0, sizeof(*s));
	if (der_expect(&d, DER_INTEGER, &t) || der_int_small(&t, &s->version))
		MALFORMED("SignerInfo version");
	if (der_next(&d, &s->sid) ||
	    (s->sid.tag != DER_SEQUENCE && s->sid.tag != DER_CTX_PRIM(0)))
		MALFORMED("signer identifier");
	if (s->version == 1 && s->sid.tag != DER_SEQUENCE)
		MALFORMED("version 1 SignerInfo without issuerAndSerialNumber");
	if (s->version == 3 && s->sid.tag != DER_CTX_PRIM(0))
		MALFORMED("version 3 SignerInfo without subjectKeyIdentifier");
	if (s->version != 1 && s->version != 3)
		BAD("SignerInfo version %ld not supported (need 1 or 3)", s->version);
	if (der_expect(&d, DER_SEQUENCE, &t) || alg_oid(&t, &s->digest_alg))
		MALFORMED("digestAlgorithm");
	r = der_optional(&d, DER_CTX_CONS(0), &s->attrs);
	if (r < 0)
		MALFORMED("signedAttrs");
	if (der_expect(&d, DER_SEQUENCE, &t) || alg_oid(&t, &s->sig_alg))
		MALFORMED("signatureAlgorithm");
	if (der_expect(&d, DER_OCTET_STRING, &s->sig) || s->sig.len == 0)
		MALFORMED("signature");
	if (der_optional(&d, DER_CTX_CONS(1), &t) < 0 || !der_empty(&d))
		MALFORMED("SignerInfo trailer");
	return 0;
}

static int signer_is_cert(const struct signer *s, const struct sg_cert *cert)
{
	struct der d;
	struct der_tlv issuer, serial;

	if (s->sid.tag == DER_CTX_PRIM(0))
		return cert->ski && s->sid.len == cert->ski_len &&
		       memcmp(s->sid.val, cert->ski, cert->ski_len) == 0;
	d = der_inner(&s->sid);
	if (der_expect(&d, DER_SEQUENCE, &issuer) ||
	    der_expect(&d, DER_INTEGER, &serial) || !der_empty(&d))
		return 0;
	return issuer.total == cert->issuer_len &&
	       memcmp(issuer.start, cert->issuer, cert->issuer_len) == 0 &&
	       serial.len == cert->serial_len &&
	       memcmp(serial.val, cert->serial, cert->serial_len) == 0;
}

/* Signed attributes: check contentType and messageDigest, then replace
 * *digest with SHA-256 of the attributes re-tagged as SET OF (RFC 5652
 * 5.4: the [0] IMPLICIT tag is replaced by the SET OF tag). */
static int check_attrs(const struct signer *s, const struct der_tlv *ctype,
		       uint8_t digest[32], const char *path, char err[SG_ERR_MAX])
{
	struct der d = der_inner(&s->attrs);
	br_sha256_context c;
	int seen_md = 0, seen_ct = 0;
	uint8_t set_tag = DER_SET;

	while (!der_empty(&d)) {
		struct der_tlv attr, oid, vals, v;
		struct der ad, vd;

		if (der_expect(&d, DER_SEQUENCE, &attr))
			MALFORMED("signed attribute");
		ad = der_inner(&attr);
		if (der_expect(&ad, DER_OID, &oid) ||
		    der_expect(&ad, DER_SET, &vals) || !der_empty(&ad))
			MALFORMED("signed attribute");
		vd = der_inner(&vals);
		if (der_oid_is(&oid, SG_OID_MESSAGE_DIGEST.b, SG_OID_MESSAGE_DIGEST.len)) {
			if (seen_md++ || der_expect(&vd, DER_OCTET_STRING, &v) ||
			    !der_empty(&vd))
				MALFORMED("messageDigest attribute");
			if (v.len != 32 || memcmp(v.val, digest, 32) != 0)
				BAD("content does not match the signature (messageDigest differs)");
		} else if (der_oid_is(&oid, SG_OID_CONTENT_TYPE.b, SG_OID_CONTENT_TYPE.len)) {
			if (seen_ct++ || der_expect(&vd, DER_OID, &v) ||
			    !der_empty(&vd))
				MALFORMED("contentType attribute");
			if (!der_oid_is(&v, ctype->val, ctype->len))
				MALFORMED("contentType attribute differs from the content's type");
		}
	}
	if (!seen_md)
		MALFORMED("signed attributes without messageDigest");
	br_sha256_init(&c);
	br_sha256_update(&c, &set_tag, 1);
	br_sha256_update(&c, s->attrs.start + 1, s->attrs.total - 1);
	br_sha256_out(&c, digest);
	return 0;
}

/* The kernel's PKCS#7 parser (pkcs7_sig_note_pkey_algo) takes exactly
 * these signature algorithms; anything else is ENOPKG on the device. */
static int kernel_sig_alg(const struct der_tlv *o, int key_type)
{
	static const uint8_t ecdsa_sha1[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x01 };
	static const uint8_t ecdsa_sha2[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03 };

	if (key_type == BR_KEYTYPE_RSA)
		return der_oid_is(o, SG_OID_RSA_ENCRYPTION.b, SG_OID_RSA_ENCRYPTION.len);
	if (key_type != BR_KEYTYPE_EC)
		return 0;
	if (der_oid_is(o, ecdsa_sha1, sizeof(ecdsa_sha1)))
		return 1;
	/* ecdsa-with-SHA224/256/384/512: ...4.3.1 to 4.3.4 */
	return o->len == sizeof(ecdsa_sha2) + 1 && !memcmp(o->val, ecdsa_sha2, sizeof(ecdsa_sha2)) &&
	       o->val[sizeof(ecdsa_sha2)] >= 1 && o->val[sizeof(ecdsa_sha2)] <= 4;
}

static int check_sig_alg(const struct signer *s, const struct sg_cert *cert,
			 const char *path, char err[SG_ERR_MAX])
{
	const struct der_tlv *o = &s->sig_alg;
	char buf[96];

	if (kernel_sig_alg(o, cert->pub.type))
		return 0;
	BAD("signature algorithm %s: the kernel takes only %s for the %s key of %s",
	    sg_oid_name(o->val, o->len, buf, sizeof(buf)),
	    cert->pub.type == BR_KEYTYPE_RSA ? "rsaEncryption" : "ecdsa-with-SHA*",
	    cert->pub.type == BR_KEYTYPE_RSA ? "RSA" : "EC", cert->path);
}

/* One SignerInfo naming `cert`: SHA-256, an algorithm the kernel takes,
 * attributes consistent, signature valid over the content. */
static int check_signer(const struct signer *s, const struct der_tlv *ctype, const struct sg_cert *cert,
			const uint8_t *content, size_t content_len, const char *path, char err[SG_ERR_MAX])
{
	uint8_t digest[32];
	char buf[96];

	if (!der_oid_is(&s->digest_alg, SG_OID_SHA256.b, SG_OID_SHA256.len))
		BAD("digest algorithm %s not supported (need SHA-256)",
		    sg_oid_name(s->digest_alg.val, s->digest_alg.len, buf, sizeof(buf)));
	if (check_sig_alg(s, cert, path, err))
		return -1;
	sg_sha256(content, content_len, digest);
	if (s->attrs.tag && check_attrs(s, ctype, digest, path, err))
		return -1;
	if (!sg_verify_digest(&cert->pub, digest, s->sig.val, s->sig.len))
		BAD("signature does not verify against %s", cert->path);
	return 0;
}

int sg_pkcs7_verify(const uint8_t *der, size_t der_len, const char *path,
		    const struct sg_cert *cert,
		    const uint8_t *content, size_t content_len, char err[SG_ERR_MAX])
{
	struct der_tlv ci, oid, sd0, sd, t, ctype, signers, si;
	struct der d, sdd, ed, sid;
	struct signer s;
	long version;
	int nfound = 0, nsigners = 0, pass;
	char buf[96];

	if (!der || (!content && content_len))
		BAD("nothing to verify");
	/* the key rules of signing directly (key.c), for a key we never see */
	if (sg_pubkey_policy(&cert->pub, cert->path, err))
		return -1;
	if (der_parse_one(der, der_len, &ci) || ci.tag != DER_SEQUENCE)
		BAD("not a PKCS#7 SignedData");
	d = der_inner(&ci);
	if (der_expect(&d, DER_OID, &oid) ||
	    !der_oid_is(&oid, SG_OID_SIGNED_DATA.b, SG_OID_SIGNED_DATA.len))
		BAD("not a PKCS#7 SignedData");
	if (der_expect(&d, DER_CTX_CONS(0), &sd0) || !der_empty(&d))
		MALFORMED("ContentInfo");
	d = der_inner(&sd0);
	if (der_expect(&d, DER_SEQUENCE, &sd) || !der_empty(&d))
		MALFORMED("SignedData");
	sdd = der_inner(&sd);
	if (der_expect(&sdd, DER_INTEGER, &t) || der_int_small(&t, &version))
		MALFORMED("version");
	if (version != 1 && version != 3)
		BAD("SignedData version %ld not supported (need 1 or 3)", version);
	if (der_expect(&sdd, DER_SET, &t))
		MALFORMED("digestAlgorithms");
	if (der_expect(&sdd, DER_SEQUENCE, &t))
		MALFORMED("encapContentInfo");
	ed = der_inner(&t);
	if (der_expect(&ed, DER_OID, &ctype))
		MALFORMED("encapContentInfo");
	if (!der_oid_is(&ctype, SG_OID_DATA.b, SG_OID_DATA.len))
		BAD("content type %s not supported (need pkcs7-data)",
		    sg_oid_name(ctype.val, ctype.len, buf, sizeof(buf)));
	if (!der_empty(&ed))
		BAD("signature carries its content (need a detached signature)");
	if (der_optional(&sdd, DER_CTX_CONS(0), &t) < 0 ||	/* certificates */
	    der_optional(&sdd, DER_CTX_CONS(1), &t) < 0)	/* crls */
		MALFORMED("certificates");
	if (der_expect(&sdd, DER_SET, &signers) || !der_empty(&sdd))
		MALFORMED("signerInfos");

	/* The kernel checks every SignerInfo whose key is in its keyring and
	 * refuses the whole message if one fails: a signer skelgen cannot
	 * check (another certificate) is refused, and each of ours verified. */
	for (pass = 0; pass < 2; pass++) {
		sid = der_inner(&signers);
		while (!der_empty(&sid)) {
			if (der_expect(&sid, DER_SEQUENCE, &si))
				MALFORMED("SignerInfo");
			if (parse_signer(&si, &s, path, err))
				return -1;
			if ((version == 1) != (s.version == 1))
				BAD("malformed PKCS#7 SignedData (SignedData version %ld with SignerInfo version %ld)",
				    version, s.version);
			if (pass == 0) {
				nsigners++;
				nfound += signer_is_cert(&s, cert);
			} else if (check_signer(&s, &ctype, cert, content, content_len, path, err)) {
				return -1;
			}
		}
		if (nsigners == 0)
			BAD("no signer in PKCS#7 SignedData");
		if (nfound == 0)
			BAD("signer is not %s", cert->path);
		if (nfound < nsigners)
			BAD("%d of %d signers are not %s: skelgen cannot check them, and the kernel refuses the "
			    "signature if one of them is in its keyring and fails", nsigners - nfound, nsigners,
			    cert->path);
	}
	return 0;
}
