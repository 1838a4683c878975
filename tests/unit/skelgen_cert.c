// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* skelgen_cert.c - sg_cert_load (skelgen/sign/cert.c): public key, issuer,
 * serial, subjectKeyIdentifier, validity, keyUsage and refusals.
 * Expected SKI/serial/notAfter come from OpenSSL: make-keys.sh wrote them
 * into tests/fixtures/keys/certs.txt. */
#include "sign/crypto.h"
#include "sign/der.h"
#include "sg_test.h"

#include <ctype.h>

/* Hex string (any case) of a big-endian number, leading zeros dropped. */
static void norm_hex(const uint8_t *p, size_t len, char *out)
{
	while (len > 1 && *p == 0) {
		p++;
		len--;
	}
	hex(p, len, out);
	for (; *out; out++)
		*out = (char)toupper((unsigned char)*out);
}

static void check_listed(const char *name, const char *ski, const char *serial,
			 long long not_after)
{
	struct sg_cert *c = NULL;
	char err[SG_ERR_MAX] = "", got[1024];

	if (sg_cert_load(fixture(name), &c, err)) {
		CHECK(0, "%s: expected to load, got \"%s\"", name, err);
		return;
	}
	if (strcmp(ski, "-") == 0) {
		CHECK(c->ski == NULL, "%s: expected no SKI, got one", name);
		CHECK(!c->has_key_usage, "%s: expected no keyUsage", name);
	} else {
		got[0] = 0;
		if (c->ski)
			norm_hex(c->ski, c->ski_len, got);
		CHECK(c->ski && strcmp(got, ski) == 0, "%s: SKI expected %s, got %s",
		      name, ski, c->ski ? got : "(none)");
		/* make-keys.sh adds keyUsage=critical,digitalSignature */
		CHECK(c->has_key_usage && c->key_usage == SG_KU_DIGITAL_SIGNATURE,
		      "%s: keyUsage expected 0x80, got has=%d 0x%x", name,
		      c->has_key_usage, c->key_usage);
	}
	norm_hex(c->serial, c->serial_len, got);
	CHECK(strcmp(got, serial) == 0, "%s: serial expected %s, got %s", name,
	      serial, got);
	CHECK(c->not_after == not_after, "%s: notAfter expected %lld, got %lld",
	      name, not_after, (long long)c->not_after);
	/* make-keys.sh: -days 36500 (within a second or two of generation) */
	CHECK(c->not_after - c->not_before >= 36500LL * 86400 - 5 &&
	      c->not_after - c->not_before <= 36500LL * 86400 + 5,
	      "%s: validity expected 36500 days, got %lld s", name,
	      (long long)(c->not_after - c->not_before));
	/* Issuer is a whole Name (SEQUENCE) inside the certificate. */
	{
		struct der_tlv t;

		CHECK(c->issuer > c->der && c->issuer + c->issuer_len <= c->der + c->der_len &&
		      der_parse_one(c->issuer, c->issuer_len, &t) == 0 &&
		      t.tag == DER_SEQUENCE, "%s: issuer is not a Name", name);
	}
	CHECK(strstr(name, "rsa") ? c->pub.type == BR_KEYTYPE_RSA
				  : c->pub.type == BR_KEYTYPE_EC,
	      "%s: wrong key type %d", name, c->pub.type);
	sg_cert_free(c);
}

static void check_bad(const char *name, const char *msg)
{
	struct sg_cert *c = (struct sg_cert *)&c;
	char err[SG_ERR_MAX] = "", want[SG_ERR_MAX + 600];

	snprintf(want, sizeof(want), "%s: %s", fixture(name), msg);
	CHECK(sg_cert_load(fixture(name), &c, err) == -1 && c == NULL,
	      "%s: expected failure", name);
	CHECK_ERR(err, want);
	sg_cert_free(c);
}

int main(void)
{
	char line[512], file[128], ski[128], serial[128];
	long long not_after;
	int listed = 0;
	FILE *f = fopen(fixture("certs.txt"), "r");

	CHECK(f != NULL, "cannot open %s", fixture("certs.txt"));
	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%127s ski %127s serial %127s notafter %lld",
			   file, ski, serial, &not_after) != 4) {
			CHECK(0, "bad line in certs.txt: %s", line);
			continue;
		}
		check_listed(file, ski, serial, not_after);
		listed++;
	}
	if (f)
		fclose(f);
	CHECK(listed >= 10, "expected at least 10 certificates in certs.txt, got %d",
	      listed);

	/* PEM and DER of one certificate: same DER, same key. */
	{
		struct sg_cert *a = NULL, *b = NULL;
		char err[SG_ERR_MAX];

		CHECK(sg_cert_load(fixture("rsa2048.crt.pem"), &a, err) == 0 &&
		      sg_cert_load(fixture("rsa2048.crt.der"), &b, err) == 0,
		      "loading rsa2048 certs: %s", err);
		if (a && b) {
			CHECK(a->der_len == b->der_len &&
			      memcmp(a->der, b->der, a->der_len) == 0,
			      "PEM and DER differ");
			CHECK(sg_pubkey_equal(&a->pub, &b->pub) &&
			      a->pub.bits == 2048, "public keys differ or not 2048 bits");
			CHECK(strcmp(a->path, fixture("rsa2048.crt.pem")) == 0,
			      "path kept: %s", a->path);
		}
		sg_cert_free(a);
		sg_cert_free(b);
	}
	/* The serial of the no-SKI certificates was set to 0x00f1e2...: its
	 * INTEGER content keeps the 00 that makes it positive. */
	{
		struct sg_cert *c = NULL;
		char err[SG_ERR_MAX];

		if (sg_cert_load(fixture("p256-noski.crt.pem"), &c, err) == 0) {
			CHECK(c->serial_len == 13 && c->serial[0] == 0x00 &&
			      c->serial[1] == 0xf1, "serial content: len %zu first %02x",
			      c->serial_len, c->serial[0]);
			CHECK(c->pub.type == BR_KEYTYPE_EC && c->pub.curve == BR_EC_secp256r1 &&
			      c->pub.qlen == 65 && c->pub.q[0] == 0x04, "P-256 point");
		} else {
			CHECK(0, "p256-noski: %s", err);
		}
		sg_cert_free(c);
	}

	check_bad("rsa2048.key.pem", "not a certificate (found a PRIVATE KEY)");
	check_bad("p256.sec1.pem", "not a certificate (found an EC PRIVATE KEY)");
	check_bad("rsa2048.pkcs8.der", "not a certificate (found a private key)");
	check_bad("empty.pem", "empty file");
	check_bad("garbage.bin", "neither PEM nor DER");
	check_bad("trunc.der", "truncated or malformed certificate");
	check_bad("nope.crt", "No such file or directory");
	sg_cert_free(NULL);
	return sg_test_done("skelgen_cert");
}
