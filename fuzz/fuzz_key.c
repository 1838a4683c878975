// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * fuzz_key.c - private key loading (key.c: our DER classification of
 * PKCS#1 / SEC1 / PKCS#8, then BearSSL's br_skey_decoder, the modulus and
 * self-signature consistency checks), fed through sg_key_load() with the
 * file read from memory (PEM or DER).
 *
 * Properties: no memory error or leak; on failure one error line naming
 * the file; on success the key is RSA 2048-4096 or P-256/P-384, and it
 * matches a certificate built from its own public half.
 */
#include "fuzz.h"

#include <string.h>

#include "sign/crypto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sg_key *k = NULL;
	struct sg_cert self;
	char err[SG_ERR_MAX] = "";

	fuzz_set_input(data, size);
	if (sg_key_load(FUZZ_INPUT_PATH, &k, err)) {
		FUZZ_ASSERT(!k, "failure but a key");
		FUZZ_ASSERT(strncmp(err, FUZZ_INPUT_PATH ": ", strlen(FUZZ_INPUT_PATH) + 2) == 0,
			    "error line \"%s\" does not name the file", err);
		FUZZ_ASSERT(!strchr(err, '\n'), "error line has a newline: \"%s\"", err);
		return 0;
	}
	FUZZ_ASSERT(k, "success without a key");
	if (k->pub.type == BR_KEYTYPE_RSA)
		FUZZ_ASSERT(k->pub.bits >= 2048 && k->pub.bits <= 4096, "RSA key of %u bits",
			    k->pub.bits);
	else
		FUZZ_ASSERT(k->pub.type == BR_KEYTYPE_EC &&
			    (k->pub.curve == BR_EC_secp256r1 || k->pub.curve == BR_EC_secp384r1),
			    "key type %d curve %d", k->pub.type, k->pub.curve);
	memset(&self, 0, sizeof(self));
	self.path = (char *)"self";
	self.pub = k->pub;
	FUZZ_ASSERT(sg_key_matches_cert(k, FUZZ_INPUT_PATH, &self, "self", err) == 0,
		    "key does not match its own public half: %s", err);
	sg_key_free(k);
	return 0;
}
