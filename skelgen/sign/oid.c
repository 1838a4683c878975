// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* oid.c - the OIDs skelgen knows, and readable names for messages. */
#include "crypto.h"
#include "der.h"

#include <string.h>

#define OID(name, ...)							\
	static const uint8_t name##_b[] = { __VA_ARGS__ };		\
	const struct sg_oid name = { name##_b, sizeof(name##_b) }

OID(SG_OID_RSA_ENCRYPTION, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01);
OID(SG_OID_SHA256_WITH_RSA, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b);
OID(SG_OID_EC_PUBLIC_KEY, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01);
OID(SG_OID_ECDSA_SHA256, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02);
OID(SG_OID_P256, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07);
OID(SG_OID_P384, 0x2b, 0x81, 0x04, 0x00, 0x22);
OID(SG_OID_SHA256, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01);
OID(SG_OID_DATA, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01);
OID(SG_OID_SIGNED_DATA, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02);
OID(SG_OID_CONTENT_TYPE, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x03);
OID(SG_OID_MESSAGE_DIGEST, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x04);
OID(SG_OID_SKI, 0x55, 0x1d, 0x0e);
OID(SG_OID_KEY_USAGE, 0x55, 0x1d, 0x0f);

/* Dotted OID -> name, for the algorithms and curves people actually meet. */
static const struct {
	const char *dotted, *name;
} names[] = {
	{ "1.2.840.113549.1.1.1", "rsaEncryption" },
	{ "1.2.840.113549.1.1.10", "RSASSA-PSS" },
	{ "1.2.840.113549.1.1.11", "sha256WithRSAEncryption" },
	{ "1.2.840.10045.2.1", "id-ecPublicKey" },
	{ "1.2.840.10040.4.1", "DSA" },
	{ "1.3.101.110", "X25519" },
	{ "1.3.101.111", "X448" },
	{ "1.3.101.112", "ED25519" },
	{ "1.3.101.113", "ED448" },
	{ "1.2.156.10197.1.301", "SM2" },
	{ "1.2.840.10045.3.1.1", "prime192v1" },
	{ "1.3.132.0.33", "secp224r1" },
	{ "1.2.840.10045.3.1.7", "prime256v1" },
	{ "1.3.132.0.10", "secp256k1" },
	{ "1.3.132.0.34", "secp384r1" },
	{ "1.3.132.0.35", "secp521r1" },
	{ "1.3.36.3.3.2.8.1.1.7", "brainpoolP256r1" },
	{ "1.3.36.3.3.2.8.1.1.11", "brainpoolP384r1" },
	{ "1.3.36.3.3.2.8.1.1.13", "brainpoolP512r1" },
	{ "1.3.14.3.2.26", "SHA-1" },
	{ "2.16.840.1.101.3.4.2.1", "SHA-256" },
	{ "2.16.840.1.101.3.4.2.2", "SHA-384" },
	{ "2.16.840.1.101.3.4.2.3", "SHA-512" },
	{ "2.16.840.1.101.3.4.2.4", "SHA-224" },
	{ "1.2.840.113549.1.7.1", "pkcs7-data" },
	{ "1.2.840.113549.1.7.2", "pkcs7-signedData" },
	{ "1.2.840.113549.1.7.3", "pkcs7-envelopedData" },
};

const char *sg_oid_name(const uint8_t *val, size_t len, char *buf, size_t size)
{
	size_t i;

	der_oid_str(val, len, buf, size);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(buf, names[i].dotted) == 0)
			return names[i].name;
	return buf;
}

const char *sg_curve_name(int curve)
{
	switch (curve) {
	case BR_EC_secp256r1: return "P-256";
	case BR_EC_secp384r1: return "P-384";
	case BR_EC_secp521r1: return "secp521r1";
	case BR_EC_secp256k1: return "secp256k1";
	case BR_EC_secp224r1: return "secp224r1";
	case BR_EC_secp192r1: return "prime192v1";
	case BR_EC_brainpoolP256r1: return "brainpoolP256r1";
	case BR_EC_brainpoolP384r1: return "brainpoolP384r1";
	case BR_EC_brainpoolP512r1: return "brainpoolP512r1";
	case BR_EC_curve25519: return "curve25519";
	case BR_EC_curve448: return "curve448";
	default: return "unknown";
	}
}
