// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * fuzz_pkcs7_sign.c - the PKCS#7 writer's inputs: sg_pkcs7_sign() with
 * fixed keys from tests/fixtures/keys over fuzzed content, optionally with
 * a fuzzed certificate (whose issuer, serial and subjectKeyIdentifier the
 * writer copies into the SignedData).
 *
 * Input: byte 0 picks a key/certificate pair; if bit 7 of byte 1 is set,
 * bytes 2-3 (little endian) are the length of a certificate (PEM or DER)
 * that follows and replaces the pair's; the rest is the content.
 *
 * Properties: no memory error or leak; signing succeeds exactly when the
 * certificate's key is the key's public half; what it writes verifies with
 * sg_pkcs7_verify() against that certificate and content, and does not
 * verify over different content.
 */
#include "fuzz.h"

#include <string.h>

#include "sign/crypto.h"

static const char *const pairs[][2] = {
	{ "p256.key.pem", "p256.crt.pem" },
	{ "p256.key.pem", "p256-noski.crt.pem" },
	{ "p384.key.pem", "p384.crt.pem" },
	{ "rsa2048.key.pem", "rsa2048.crt.pem" },
	{ "rsa2048.key.pem", "rsa2048-noski.crt.pem" },
};
#define NPAIRS (sizeof(pairs) / sizeof(pairs[0]))

static struct sg_key *keys[NPAIRS];
static struct sg_cert *certs[NPAIRS];

static void setup(void)
{
	char err[SG_ERR_MAX];
	size_t i;

	for (i = 0; i < NPAIRS; i++)
		if (sg_key_load(fuzz_fixture(pairs[i][0]), &keys[i], err) ||
		    sg_cert_load(fuzz_fixture(pairs[i][1]), &certs[i], err)) {
			fprintf(stderr, "fuzz_pkcs7_sign: %s\n", err);
			exit(1);
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct sg_cert *own = NULL, *cert;
	const struct sg_key *key;
	const uint8_t *content;
	size_t content_len, der_len = 0;
	uint8_t *der = NULL;
	char err[SG_ERR_MAX];
	int rc;

	if (!ready) {
		setup();
		ready = 1;
	}
	if (size < 2)
		return 0;
	key = keys[data[0] % NPAIRS];
	cert = certs[data[0] % NPAIRS];
	content = data + 2;
	content_len = size - 2;
	if (data[1] & 0x80) {
		size_t cert_len;

		if (size < 4)
			return 0;
		cert_len = (size_t)data[2] | (size_t)data[3] << 8;
		if (cert_len > size - 4)
			return 0;
		fuzz_set_input(data + 4, cert_len);
		if (sg_cert_load(FUZZ_INPUT_PATH, &own, err))
			return 0;
		cert = own;
		content = data + 4 + cert_len;
		content_len = size - 4 - cert_len;
	}

	rc = sg_pkcs7_sign(key, cert, content, content_len, &der, &der_len, err);
	if (!sg_pubkey_equal(&key->pub, &cert->pub)) {
		FUZZ_ASSERT(rc != 0 && !der, "signed with a certificate for another key");
		goto out;
	}
	FUZZ_ASSERT(rc == 0 && der && der_len > 0, "signing failed: %s", err);
	rc = sg_pkcs7_verify(der, der_len, "signed", cert, content, content_len, err);
	FUZZ_ASSERT(rc == 0, "own signature does not verify: %s", err);
	if (content_len > 0)
		FUZZ_ASSERT(sg_pkcs7_verify(der, der_len, "signed", cert, content,
					    content_len - 1, err) != 0,
			    "signature verifies over shorter content");
	else
		FUZZ_ASSERT(sg_pkcs7_verify(der, der_len, "signed", cert,
					    (const uint8_t *)"x", 1, err) != 0,
			    "signature over nothing verifies over \"x\"");
out:
	free(der);
	sg_cert_free(own);
	return 0;
}
