/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * crypto.h - skelgen's crypto internals: the structures behind sign.h's
 * opaque types and the helpers shared by key.c, cert.c, pem.c, file.c,
 * oid.c and the pkcs7_*.c files.  Not for main.c.
 */
#ifndef SKELGEN_CRYPTO_H
#define SKELGEN_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include <bearssl.h>

#include "sign.h"

/* A public key, owned (no pointers into someone else's buffer). */
struct sg_pubkey {
	int type;			/* BR_KEYTYPE_RSA or BR_KEYTYPE_EC */
	unsigned bits;			/* RSA modulus bits, EC field bits */
	/* RSA: big-endian, no leading zero bytes */
	uint8_t n[512];
	size_t nlen;
	uint8_t e[8];
	size_t elen;
	/* EC: BR_EC_secp256r1 or BR_EC_secp384r1, uncompressed point */
	int curve;
	uint8_t q[BR_EC_KBUF_PUB_MAX_SIZE];
	size_t qlen;
};

struct sg_key {
	struct sg_pubkey pub;
	/* Private parts (wiped on free).  The br_* structs point into `priv`. */
	br_rsa_private_key rsa;
	br_ec_private_key ec;
	uint8_t *priv;
	size_t priv_len;
};

struct sg_cert {
	char *path;			/* as loaded, for messages */
	uint8_t *der;			/* the whole certificate */
	size_t der_len;
	struct sg_pubkey pub;
	/* Pointers into `der`: */
	const uint8_t *issuer;		/* issuer Name, whole TLV */
	size_t issuer_len;
	const uint8_t *serial;		/* serialNumber INTEGER content */
	size_t serial_len;
	const uint8_t *ski;		/* subjectKeyIdentifier, NULL if absent */
	size_t ski_len;
	int64_t not_before;		/* validity, seconds since the epoch (UTC) */
	int64_t not_after;
	int has_key_usage;		/* keyUsage extension present */
	unsigned key_usage;		/* its bits: 0x80 digitalSignature (bit 0),
					 * 0x40 nonRepudiation, ... 0x100 decipherOnly */
};

/* keyUsage bits as stored in sg_cert.key_usage */
#define SG_KU_DIGITAL_SIGNATURE	0x80
#define SG_KU_NON_REPUDIATION	0x40
#define SG_KU_KEY_CERT_SIGN	0x04

/* Format an error line "<path>: <message>" into err (SG_ERR_MAX bytes). */
void sg_err(char err[SG_ERR_MAX], const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Read a whole regular file (malloc'd, NUL-terminated for convenience; the
 * NUL is not counted).  Refuses directories and empty files. */
int sg_read_file(const char *path, uint8_t **data, size_t *len,
		 char err[SG_ERR_MAX]);

/* Zero memory in a way the compiler keeps. */
void sg_wipe(void *p, size_t len);

/* PEM: the objects found in a text, in file order. */
struct sg_pem_obj {
	char name[128];			/* "CERTIFICATE", "PRIVATE KEY", ... */
	uint8_t *der;
	size_t len;
	int has_headers;		/* "Proc-Type:"-style header lines */
};

/* Is this buffer PEM (it contains a "-----BEGIN " line)? */
int sg_pem_looks_like(const uint8_t *data, size_t len);
/* Decode every PEM object.  0 and *objs, *count (maybe 0 objects), or -1 with
 * err set.  Free with sg_pem_free(). */
int sg_pem_decode(const uint8_t *data, size_t len, const char *path,
		  struct sg_pem_obj **objs, size_t *count, char err[SG_ERR_MAX]);
void sg_pem_free(struct sg_pem_obj *objs, size_t count);

/* Load a file and return the DER of the object the caller wants: a DER
 * file as it is, or from a PEM file the first object whose name `accept()`
 * likes.  `what` ("a private key", "a certificate") is for messages. */
int sg_load_der(const char *path, int (*accept)(const char *pem_name),
		const char *what, uint8_t **der, size_t *len,
		char err[SG_ERR_MAX]);

/* OIDs (content bytes only, no tag/length). */
struct sg_oid {
	const uint8_t *b;
	size_t len;
};
extern const struct sg_oid SG_OID_RSA_ENCRYPTION;	/* 1.2.840.113549.1.1.1 */
extern const struct sg_oid SG_OID_SHA256_WITH_RSA;	/* 1.2.840.113549.1.1.11 */
extern const struct sg_oid SG_OID_EC_PUBLIC_KEY;	/* 1.2.840.10045.2.1 */
extern const struct sg_oid SG_OID_ECDSA_SHA256;		/* 1.2.840.10045.4.3.2 */
extern const struct sg_oid SG_OID_P256;			/* 1.2.840.10045.3.1.7 */
extern const struct sg_oid SG_OID_P384;			/* 1.3.132.0.34 */
extern const struct sg_oid SG_OID_SHA256;		/* 2.16.840.1.101.3.4.2.1 */
extern const struct sg_oid SG_OID_DATA;			/* 1.2.840.113549.1.7.1 */
extern const struct sg_oid SG_OID_SIGNED_DATA;		/* 1.2.840.113549.1.7.2 */
extern const struct sg_oid SG_OID_CONTENT_TYPE;		/* 1.2.840.113549.1.9.3 */
extern const struct sg_oid SG_OID_MESSAGE_DIGEST;	/* 1.2.840.113549.1.9.4 */
extern const struct sg_oid SG_OID_SKI;			/* 2.5.29.14 */
extern const struct sg_oid SG_OID_KEY_USAGE;		/* 2.5.29.15 */

/* A readable name for an OID's content ("secp521r1", "ED25519", ...), or
 * its dotted form written into buf. */
const char *sg_oid_name(const uint8_t *val, size_t len, char *buf, size_t size);

/* Same public key (RSA n,e; EC curve and point)? */
int sg_pubkey_equal(const struct sg_pubkey *a, const struct sg_pubkey *b);

/* Copy a BearSSL public key into *out; -1 if unsupported (err set). */
int sg_pubkey_from_br(const br_x509_pkey *pk, struct sg_pubkey *out,
		      const char *path, char err[SG_ERR_MAX]);

/* Verify a signature with a public key over a SHA-256 digest: RSA PKCS#1
 * v1.5 (DigestInfo sha256) or ECDSA (DER signature).  1 if valid. */
int sg_verify_digest(const struct sg_pubkey *pub, const uint8_t digest[32],
		     const uint8_t *sig, size_t sig_len);

/* The keys skelgen signs with or accepts a signature from, one rule for
 * both paths: RSA 2048-4096 bits with an odd exponent >= 3 (e = 1 makes
 * the padded digest itself a valid "signature"), ECDSA P-256 or P-384.
 * 0, or -1 with err naming `path`. */
int sg_pubkey_policy(const struct sg_pubkey *pub, const char *path, char err[SG_ERR_MAX]);

/* "P-256", "P-384", ... for a BR_EC_* curve id */
const char *sg_curve_name(int curve);

#endif /* SKELGEN_CRYPTO_H */
