// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * fuzz_cert.c - X.509 certificate loading (cert.c: our DER walk of
 * tbsCertificate, then BearSSL's br_x509_decoder, then pubkey.c), fed
 * through sg_cert_load() with the file read from memory (PEM or DER).
 *
 * Properties: no memory error or leak; on failure one error line naming
 * the file; on success the pointers into the certificate lie inside it,
 * the public key is one we support and compares equal to itself.
 */
#include "fuzz.h"

#include <string.h>

#include "sign/crypto.h"

static int inside(const struct sg_cert *c, const uint8_t *p, size_t len)
{
	return p >= c->der && len <= c->der_len && (size_t)(p - c->der) <= c->der_len - len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sg_cert *c = NULL;
	char err[SG_ERR_MAX] = "";
	const struct sg_pubkey *k;

	fuzz_set_input(data, size);
	if (sg_cert_load(FUZZ_INPUT_PATH, &c, err)) {
		FUZZ_ASSERT(!c, "failure but a certificate");
		FUZZ_ASSERT(strncmp(err, FUZZ_INPUT_PATH ": ", strlen(FUZZ_INPUT_PATH) + 2) == 0,
			    "error line \"%s\" does not name the file", err);
		FUZZ_ASSERT(!strchr(err, '\n'), "error line has a newline: \"%s\"", err);
		return 0;
	}
	FUZZ_ASSERT(c && c->der && c->der_len > 0, "success without a certificate");
	FUZZ_ASSERT(inside(c, c->issuer, c->issuer_len) && c->issuer_len > 0, "issuer outside");
	FUZZ_ASSERT(inside(c, c->serial, c->serial_len) && c->serial_len > 0, "serial outside");
	FUZZ_ASSERT(!c->ski || (inside(c, c->ski, c->ski_len) && c->ski_len > 0), "SKI outside");
	FUZZ_ASSERT(strcmp(c->path, FUZZ_INPUT_PATH) == 0, "path \"%s\"", c->path);
	k = &c->pub;
	if (k->type == BR_KEYTYPE_RSA) {
		FUZZ_ASSERT(k->nlen > 0 && k->nlen <= sizeof(k->n) && k->elen > 0 &&
			    k->elen <= sizeof(k->e), "RSA key n %zu e %zu bytes", k->nlen, k->elen);
	} else {
		FUZZ_ASSERT(k->type == BR_KEYTYPE_EC, "key type %d", k->type);
		FUZZ_ASSERT(k->qlen > 0 && k->qlen <= sizeof(k->q), "EC point of %zu bytes", k->qlen);
		(void)sg_curve_name(k->curve);
	}
	FUZZ_ASSERT(sg_pubkey_equal(k, k), "key differs from itself");
	sg_cert_free(c);
	return 0;
}
