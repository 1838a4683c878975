// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * fuzz_pkcs7_verify.c - sg_pkcs7_verify() on fuzzed DER, against fixed
 * certificates from tests/fixtures/keys (RSA and EC, signer named by
 * subjectKeyIdentifier or by issuer and serial) and the fixed content the
 * fixture signatures cover, so seeds made by OpenSSL reach the signature
 * check itself.
 *
 * Properties: no memory error or leak; 0, or -1 with one error line naming
 * the signature file; a signature that verifies over the content does not
 * also verify over different content.
 */
#include "fuzz.h"

#include <string.h>

#include "sign/crypto.h"

static const char *const cert_names[] = {
	"rsa2048.crt.pem", "p256.crt.pem", "p384.crt.pem", "rsa2048-noski.crt.pem",
};
#define NCERTS (sizeof(cert_names) / sizeof(cert_names[0]))

static struct sg_cert *certs[NCERTS];
static uint8_t *content;
static size_t content_len;

static void setup(void)
{
	char err[SG_ERR_MAX];
	size_t i;

	for (i = 0; i < NCERTS; i++)
		if (sg_cert_load(fuzz_fixture(cert_names[i]), &certs[i], err)) {
			fprintf(stderr, "fuzz_pkcs7_verify: %s\n", err);
			exit(1);
		}
	if (sg_read_file(fuzz_fixture("content.bin"), &content, &content_len, err)) {
		fprintf(stderr, "fuzz_pkcs7_verify: %s\n", err);
		exit(1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	char err[SG_ERR_MAX];
	size_t i;

	if (!ready) {
		setup();
		ready = 1;
	}
	for (i = 0; i < NCERTS; i++) {
		err[0] = 0;
		if (sg_pkcs7_verify(data, size, "fuzz.p7s", certs[i], content, content_len, err)) {
			FUZZ_ASSERT(strncmp(err, "fuzz.p7s: ", 10) == 0 && !strchr(err, '\n'),
				    "error line \"%s\"", err);
			continue;
		}
		/* Good over the content: must be bad over one byte less. */
		FUZZ_ASSERT(sg_pkcs7_verify(data, size, "fuzz.p7s", certs[i], content,
					    content_len - 1, err) != 0,
			    "signature verifies over two different contents (%s)", cert_names[i]);
	}
	return 0;
}
