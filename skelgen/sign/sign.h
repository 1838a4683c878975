/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * sign.h - what skelgen's main needs from its crypto half (BearSSL only).
 *
 * Errors: functions return 0 or -1; on -1 they have written one line (no
 * trailing newline) into `err` naming the file and the problem, e.g.
 * "key.pem: RSA key of 1024 bits (need 2048-4096)".
 */
#ifndef SKELGEN_SIGN_H
#define SKELGEN_SIGN_H

#include <stddef.h>
#include <stdint.h>

#define SG_ERR_MAX 256

struct sg_key;   /* private key: RSA 2048-4096 or ECDSA P-256/P-384 */
struct sg_cert;  /* X.509 certificate: public key + signer identity */

/* PEM or DER; PKCS#1, SEC1 or PKCS#8 (unencrypted).  Caller frees. */
int sg_key_load(const char *path, struct sg_key **out, char err[SG_ERR_MAX]);
void sg_key_free(struct sg_key *key);

/* PEM or DER X.509.  Caller frees. */
int sg_cert_load(const char *path, struct sg_cert **out, char err[SG_ERR_MAX]);
void sg_cert_free(struct sg_cert *cert);

/* Fit to sign BPF?  Refuses a keyUsage without digitalSignature (-1, err);
 * an expired or not-yet-valid certificate only sets `warn` (else "").
 * `now` in seconds since the epoch. */
int sg_cert_check_use(const struct sg_cert *cert, const char *path, int64_t now,
		      char warn[SG_ERR_MAX], char err[SG_ERR_MAX]);

/* The key's public half equals the certificate's public key. */
int sg_key_matches_cert(const struct sg_key *key, const char *key_path,
			const struct sg_cert *cert, const char *cert_path,
			char err[SG_ERR_MAX]);

/* Detached PKCS#7 SignedData (DER) over `content`: SHA-256, no certificates,
 * no signed attributes, signer by subjectKeyIdentifier (version 3) when the
 * certificate has one, else issuerAndSerialNumber (version 1).
 * Deterministic (RSA PKCS#1 v1.5, ECDSA with RFC 6979 nonces).
 * *der is malloc'd; caller frees. */
int sg_pkcs7_sign(const struct sg_key *key, const struct sg_cert *cert,
		  const uint8_t *content, size_t content_len,
		  uint8_t **der, size_t *der_len, char err[SG_ERR_MAX]);

/* Check a detached DER PKCS#7 made elsewhere (`path` is only for messages):
 * well formed, SHA-256, names `cert` as signer, signature valid over
 * `content` (with or without signed attributes).  0 if good. */
int sg_pkcs7_verify(const uint8_t *der, size_t der_len, const char *path,
		    const struct sg_cert *cert,
		    const uint8_t *content, size_t content_len, char err[SG_ERR_MAX]);

/* Read a whole regular file (malloc'd; refuses directories and empty files). */
int sg_read_file(const char *path, uint8_t **data, size_t *len, char err[SG_ERR_MAX]);

/* SHA-256 */
void sg_sha256(const void *data, size_t len, uint8_t out[32]);

/* The content each scheme signs (see SCHEMES.md).  *out is malloc'd.
 *   chain:    SHA-256(SHA-256(insns) || SHA-256(data))      (32 bytes)
 *   loadtime: insns || data
 *   inloader: insns (the variant that embeds the data hash)  */
int sg_content_chain(const uint8_t *insns, size_t insns_len,
		     const uint8_t *data, size_t data_len,
		     uint8_t **out, size_t *out_len);
int sg_content_loadtime(const uint8_t *insns, size_t insns_len,
			const uint8_t *data, size_t data_len,
			uint8_t **out, size_t *out_len);

#endif /* SKELGEN_SIGN_H */
