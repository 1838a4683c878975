// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* skelgen_key.c - sg_key_load for every format, its refusals, and
 * sg_key_matches_cert (skelgen/sign/key.c, pem.c, file.c, pubkey.c).
 * Fixtures: tests/fixtures/keys/, made by tests/fixtures/make-keys.sh. */
#define _POSIX_C_SOURCE 200809L
#include "sign/crypto.h"
#include "sg_test.h"

#include <unistd.h>

static struct sg_key *load_ok(const char *name, int type, unsigned bits)
{
	struct sg_key *k = NULL;
	char err[SG_ERR_MAX] = "";

	if (sg_key_load(fixture(name), &k, err)) {
		CHECK(0, "%s: expected to load, got \"%s\"", name, err);
		return NULL;
	}
	CHECK(k->pub.type == type && k->pub.bits == bits,
	      "%s: expected type %d bits %u, got type %d bits %u", name, type,
	      bits, k->pub.type, k->pub.bits);
	return k;
}

/* The error must be exactly "<fixture path>: <msg>". */
static void load_bad(const char *path, const char *msg)
{
	struct sg_key *k = (struct sg_key *)&k;	/* must be reset to NULL */
	char err[SG_ERR_MAX] = "", want[SG_ERR_MAX + 600];

	snprintf(want, sizeof(want), "%s: %s", path, msg);
	CHECK(sg_key_load(path, &k, err) == -1 && k == NULL,
	      "%s: expected failure \"%s\", got success", path, msg);
	CHECK_ERR(err, want);
	sg_key_free(k);
}

static void same_key(const char *a, const char *b, int type, unsigned bits)
{
	struct sg_key *ka = load_ok(a, type, bits), *kb = load_ok(b, type, bits);

	if (ka && kb)
		CHECK(sg_pubkey_equal(&ka->pub, &kb->pub),
		      "%s and %s: expected the same public key", a, b);
	sg_key_free(ka);
	sg_key_free(kb);
}

static void matches(const char *key, const char *cert, int want_ok)
{
	struct sg_key *k = NULL;
	struct sg_cert *c = NULL;
	char err[SG_ERR_MAX] = "", want[SG_ERR_MAX * 3];
	int r;

	if (sg_key_load(fixture(key), &k, err) ||
	    sg_cert_load(fixture(cert), &c, err)) {
		CHECK(0, "loading %s / %s: %s", key, cert, err);
		goto out;
	}
	r = sg_key_matches_cert(k, key, c, cert, err);
	if (want_ok) {
		CHECK(r == 0, "%s vs %s: expected a match, got \"%s\"", key, cert, err);
	} else {
		snprintf(want, sizeof(want),
			 "%s: private key does not match certificate %s", key, cert);
		CHECK(r == -1, "%s vs %s: expected a mismatch", key, cert);
		CHECK_ERR(err, want);
	}
out:
	sg_key_free(k);
	sg_cert_free(c);
}

/* Write a patched copy of a fixture: byte `old` sequence replaced by `new`
 * at its first occurrence. */
static int patched(const char *name, const uint8_t *old, const uint8_t *new,
		   size_t n, char *path, size_t size)
{
	uint8_t *data;
	size_t len, i;
	char err[SG_ERR_MAX];
	int fd;
	FILE *f;

	if (sg_read_file(fixture(name), &data, &len, err))
		return -1;
	for (i = 0; i + n <= len; i++)
		if (memcmp(data + i, old, n) == 0)
			break;
	if (i + n > len) {
		free(data);
		return -1;
	}
	memcpy(data + i, new, n);
	snprintf(path, size, "/tmp/skelgen_key_XXXXXX");
	fd = mkstemp(path);
	f = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (!f || fwrite(data, 1, len, f) != len) {
		if (f)
			fclose(f);
		free(data);
		return -1;
	}
	fclose(f);
	free(data);
	return 0;
}

int main(void)
{
	char path[64];

	/* Every supported format; formats of one key give one public key. */
	same_key("rsa2048.key.pem", "rsa2048.pkcs1.pem", BR_KEYTYPE_RSA, 2048);
	same_key("rsa2048.key.pem", "rsa2048.pkcs1.der", BR_KEYTYPE_RSA, 2048);
	same_key("rsa2048.key.pem", "rsa2048.pkcs8.der", BR_KEYTYPE_RSA, 2048);
	sg_key_free(load_ok("rsa3072.key.pem", BR_KEYTYPE_RSA, 3072));
	sg_key_free(load_ok("rsa4096.key.pem", BR_KEYTYPE_RSA, 4096));
	same_key("p256.key.pem", "p256.sec1.pem", BR_KEYTYPE_EC, 256);
	same_key("p256.key.pem", "p256.sec1.der", BR_KEYTYPE_EC, 256);
	same_key("p256.key.pem", "p256.pkcs8.der", BR_KEYTYPE_EC, 256);
	same_key("p256.key.pem", "p256-params.key.pem", BR_KEYTYPE_EC, 256);
	sg_key_free(load_ok("p384.key.pem", BR_KEYTYPE_EC, 384));

	/* Refusals, with the exact message. */
	load_bad(fixture("rsa1024.key.pem"), "RSA key of 1024 bits (need 2048-4096)");
	load_bad(fixture("p521.key.pem"), "EC curve secp521r1 not supported (need P-256 or P-384)");
	load_bad(fixture("secp256k1.key.pem"), "EC curve secp256k1 not supported (need P-256 or P-384)");
	load_bad(fixture("ed25519.key.pem"), "key algorithm ED25519 not supported (need RSA or ECDSA)");
	load_bad(fixture("enc-pkcs8.pem"), "encrypted private key not supported");
	load_bad(fixture("enc-pkcs8.der"), "encrypted private key not supported");
	load_bad(fixture("enc-legacy.pem"), "encrypted private key not supported");
	load_bad(fixture("rsa2048.crt.pem"), "not a private key (found a CERTIFICATE)");
	load_bad(fixture("rsa2048.crt.der"), "not a private key (found a CERTIFICATE)");
	load_bad(fixture("trunc.pem"), "truncated PEM (no END line)");
	load_bad(fixture("trunc.der"), "truncated or malformed key");
	load_bad(fixture("empty.pem"), "empty file");
	load_bad(fixture("garbage.bin"), "neither PEM nor DER");
	load_bad(fixture("no-such-file.pem"), "No such file or directory");
	load_bad(fixture(""), "is a directory");

	/* A PKCS#1 key whose e was changed (65537 -> 65539): BearSSL alone
	 * would not notice, the sign/verify self-test must. */
	{
		static const uint8_t old[] = { 0x02, 0x03, 0x01, 0x00, 0x01 };
		static const uint8_t new[] = { 0x02, 0x03, 0x01, 0x00, 0x03 };

		if (patched("rsa2048.pkcs1.der", old, new, 5, path, sizeof(path)) == 0) {
			load_bad(path, "inconsistent RSA key (public exponent does not match the private key)");
			unlink(path);
		} else {
			CHECK(0, "could not patch rsa2048.pkcs1.der");
		}
	}
	/* Modulus not p*q: flip a bit in the modulus' first byte (the
	 * modulus INTEGER of a 2048-bit key starts 02 82 01 01 00). */
	{
		uint8_t old[6] = { 0x02, 0x82, 0x01, 0x01, 0x00, 0 }, new[6];
		struct sg_key *k = NULL;
		char err[SG_ERR_MAX];

		if (sg_key_load(fixture("rsa2048.pkcs1.der"), &k, err) == 0) {
			old[5] = k->pub.n[0];
			memcpy(new, old, 6);
			new[5] ^= 0x01;
			if (patched("rsa2048.pkcs1.der", old, new, 6, path, sizeof(path)) == 0) {
				load_bad(path, "inconsistent RSA key (modulus is not p*q)");
				unlink(path);
			} else {
				CHECK(0, "could not patch the modulus");
			}
		} else {
			CHECK(0, "rsa2048.pkcs1.der: %s", err);
		}
		sg_key_free(k);
	}

	/* Key and certificate pairs. */
	matches("rsa2048.key.pem", "rsa2048.crt.pem", 1);
	matches("rsa2048.pkcs1.der", "rsa2048-noski.crt.pem", 1);
	matches("rsa4096.key.pem", "rsa4096.crt.pem", 1);
	matches("p256.sec1.der", "p256.crt.pem", 1);
	matches("p384.key.pem", "p384-noski.crt.pem", 1);
	matches("rsa2048.key.pem", "other-rsa2048.crt.pem", 0);
	matches("p256.key.pem", "other-p256.crt.pem", 0);
	matches("p256.key.pem", "rsa2048.crt.pem", 0);
	matches("rsa3072.key.pem", "p384.crt.pem", 0);

	sg_key_free(NULL);
	return sg_test_done("skelgen_key");
}
