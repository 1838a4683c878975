// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* skelgen_content.c - sg_sha256 and the signed content of each scheme
 * (skelgen/sign/content.c) against fixed vectors.
 *
 * Expected values were computed once with Python's hashlib:
 *   h = lambda b: hashlib.sha256(b).digest()
 *   insns = bytes([0xb7,0,0,0,0,0,0,0, 0x95,0,0,0,0,0,0,0])   # r0 = 0; exit
 *   data  = b'tinyskel-data\0\0\0'
 *   h(h(insns) + h(data)).hex()   -> cf016f8b...849c   (chain)
 *   h(h(b'') + h(b'')).hex()      -> 2dba5dbc...aa35   (chain, both empty)
 *   h(b'a' * 1000000).hex()       -> cdc76e5c...2cd0   (FIPS 180-2 vector)
 * and `printf abc | openssl dgst -sha256` -> ba7816bf...15ad.
 */
#include "sign/crypto.h"
#include "sg_test.h"

static const uint8_t insns[16] = { 0xb7, 0, 0, 0, 0, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0 };
static const uint8_t data[16] = "tinyskel-data\0\0";

static void check_hex(const char *what, const uint8_t *p, size_t len,
		      const char *want)
{
	char got[2 * 64 + 1];

	if (len > 64) {
		CHECK(0, "%s: %zu bytes", what, len);
		return;
	}
	hex(p, len, got);
	CHECK(strcmp(got, want) == 0, "%s: expected %s, got %s", what, want, got);
}

int main(void)
{
	uint8_t d[32], *out = NULL, *big;
	size_t len = 0;

	sg_sha256("abc", 3, d);
	check_hex("sha256(abc)", d, 32,
		  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sg_sha256(NULL, 0, d);
	check_hex("sha256()", d, 32,
		  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	big = malloc(1000000);
	if (big) {
		memset(big, 'a', 1000000);
		sg_sha256(big, 1000000, d);
		check_hex("sha256(a*1e6)", d, 32,
			  "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
		free(big);
	}

	CHECK(sg_content_chain(insns, sizeof(insns), data, sizeof(data), &out, &len) == 0 &&
	      len == 32, "chain: len %zu", len);
	if (out)
		check_hex("chain", out, len,
			  "cf016f8b6d4596d89dd7eb633374baad8e7ce05f3abf06b1dc47e9a13a7c849c");
	free(out);
	out = NULL;
	CHECK(sg_content_chain(NULL, 0, NULL, 0, &out, &len) == 0 && len == 32,
	      "chain of nothing");
	if (out)
		check_hex("chain(empty)", out, len,
			  "2dba5dbc339e7316aea2683faf839c1b7b1ee2313db792112588118df066aa35");
	free(out);
	out = NULL;
	/* Swapping insns and data must change the content. */
	CHECK(sg_content_chain(data, sizeof(data), insns, sizeof(insns), &out, &len) == 0,
	      "chain swapped");
	if (out) {
		char got[65];

		hex(out, 32, got);
		CHECK(strcmp(got, "cf016f8b6d4596d89dd7eb633374baad8e7ce05f3abf06b1dc47e9a13a7c849c") != 0,
		      "chain ignores the order of its inputs");
	}
	free(out);
	out = NULL;

	CHECK(sg_content_loadtime(insns, sizeof(insns), data, sizeof(data), &out, &len) == 0 &&
	      len == 32 && memcmp(out, insns, 16) == 0 && memcmp(out + 16, data, 16) == 0,
	      "loadtime: expected insns || data (32 bytes), got %zu bytes", len);
	free(out);
	out = NULL;
	CHECK(sg_content_loadtime(insns, sizeof(insns), NULL, 0, &out, &len) == 0 &&
	      len == 16 && memcmp(out, insns, 16) == 0, "loadtime without data");
	free(out);
	out = NULL;
	CHECK(sg_content_loadtime(NULL, 0, NULL, 0, &out, &len) == 0 && len == 0 && out,
	      "loadtime of nothing");
	free(out);
	out = NULL;
	CHECK(sg_content_loadtime(NULL, 5, data, 1, &out, &len) == -1,
	      "NULL insns with a length accepted");
	CHECK(sg_content_chain(insns, 1, NULL, 5, &out, &len) == -1,
	      "NULL data with a length accepted");
	return sg_test_done("skelgen_content");
}
