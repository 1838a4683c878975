// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* skelgen_der.c - the DER reader and writer (skelgen/sign/der.c). */
#include "sign/der.h"
#include "sg_test.h"

#include <stdint.h>

static void test_reader_lengths(void)
{
	struct der_tlv t;
	uint8_t big[300];

	/* short form */
	static const uint8_t a[] = { 0x04, 0x03, 1, 2, 3 };
	CHECK(der_parse_one(a, sizeof(a), &t) == 0 && t.len == 3 &&
	      t.val == a + 2 && t.total == 5 && t.tag == 0x04,
	      "short form: len %zu total %zu", t.len, t.total);
	/* zero length */
	static const uint8_t z[] = { 0x05, 0x00 };
	CHECK(der_parse_one(z, sizeof(z), &t) == 0 && t.len == 0, "NULL element");
	/* long form 0x81 0x80 (128) */
	memset(big, 0, sizeof(big));
	big[0] = 0x04; big[1] = 0x81; big[2] = 0x80;
	CHECK(der_parse_one(big, 3 + 128, &t) == 0 && t.len == 128,
	      "0x81 0x80: expected len 128, got %zu", t.len);
	/* long form 0x82 0x01 0x00 (256) */
	big[1] = 0x82; big[2] = 0x01; big[3] = 0x00;
	CHECK(der_parse_one(big, 4 + 256, &t) == 0 && t.len == 256,
	      "0x82 0x01 0x00: expected len 256, got %zu", t.len);
	/* value runs one byte past the end */
	CHECK(der_parse_one(big, 4 + 255, &t) == -1, "truncated value accepted");
	/* trailing byte after the one element */
	CHECK(der_parse_one(big, 4 + 257, &t) == -1, "trailing byte accepted");
	/* non-minimal: long form for 127 */
	static const uint8_t nm1[] = { 0x04, 0x81, 0x7f };
	CHECK(der_parse_one(nm1, sizeof(nm1), &t) == -1, "0x81 0x7f accepted");
	/* non-minimal: leading zero length byte */
	big[1] = 0x82; big[2] = 0x00; big[3] = 0x80;
	CHECK(der_parse_one(big, 4 + 128, &t) == -1, "0x82 0x00 0x80 accepted");
	/* indefinite length (BER) */
	static const uint8_t ind[] = { 0x30, 0x80, 0x00, 0x00 };
	CHECK(der_parse_one(ind, sizeof(ind), &t) == -1, "indefinite length accepted");
	/* 5+ length bytes and lengths beyond the buffer */
	static const uint8_t huge[] = { 0x04, 0x85, 1, 0, 0, 0, 0 };
	CHECK(der_parse_one(huge, sizeof(huge), &t) == -1, "0x85 accepted");
	static const uint8_t huge4[] = { 0x04, 0x84, 0x7f, 0xff, 0xff, 0xff, 0 };
	CHECK(der_parse_one(huge4, sizeof(huge4), &t) == -1, "2 GiB length accepted");
	/* truncated headers */
	CHECK(der_parse_one(a, 0, &t) == -1, "empty input accepted");
	CHECK(der_parse_one(a, 1, &t) == -1, "tag only accepted");
	static const uint8_t th[] = { 0x04, 0x82, 0x01 };
	CHECK(der_parse_one(th, sizeof(th), &t) == -1, "truncated length accepted");
	/* multi-byte tag */
	static const uint8_t mt[] = { 0x1f, 0x81, 0x00, 0x00 };
	CHECK(der_parse_one(mt, sizeof(mt), &t) == -1, "multi-byte tag accepted");
}

static void test_reader_walk(void)
{
	/* SEQUENCE { INTEGER 5, [0] { OID 2.5.29.14 }, OCTET STRING "" } */
	static const uint8_t s[] = { 0x30, 0x0c, 0x02, 0x01, 0x05, 0xa0, 0x05,
				     0x06, 0x03, 0x55, 0x1d, 0x0e, 0x04, 0x00 };
	struct der d = der_init(s, sizeof(s)), in;
	struct der_tlv seq, t, ctx;
	long v = -1;

	CHECK(der_expect(&d, DER_SEQUENCE, &seq) == 0 && der_empty(&d), "outer");
	in = der_inner(&seq);
	CHECK(der_expect(&in, DER_OCTET_STRING, &t) == -1 &&
	      der_peek(&in) == DER_INTEGER, "der_expect moved on a wrong tag");
	CHECK(der_expect(&in, DER_INTEGER, &t) == 0 &&
	      der_int_small(&t, &v) == 0 && v == 5, "INTEGER: got %ld", v);
	CHECK(der_optional(&in, DER_CTX_CONS(1), &ctx) == 0, "[1] is absent");
	CHECK(der_optional(&in, DER_CTX_CONS(0), &ctx) == 1, "[0] is present");
	{
		struct der cd = der_inner(&ctx);
		static const uint8_t ski[] = { 0x55, 0x1d, 0x0e };
		char buf[64];

		CHECK(der_expect(&cd, DER_OID, &t) == 0 &&
		      der_oid_is(&t, ski, sizeof(ski)), "OID");
		der_oid_str(t.val, t.len, buf, sizeof(buf));
		CHECK(strcmp(buf, "2.5.29.14") == 0, "expected 2.5.29.14, got %s", buf);
	}
	CHECK(der_expect(&in, DER_OCTET_STRING, &t) == 0 && t.len == 0 &&
	      der_empty(&in), "empty OCTET STRING last");
	CHECK(der_next(&in, &t) == -1 && der_peek(&in) == -1, "read past the end");

	/* An inner length that overflows its parent is caught by the parent
	 * bound: SEQUENCE of length 3 holding an OCTET STRING of length 5. */
	static const uint8_t bad[] = { 0x30, 0x03, 0x04, 0x05, 0x00, 1, 2, 3, 4 };
	d = der_init(bad, sizeof(bad));
	CHECK(der_next(&d, &seq) == 0 && seq.len == 3, "outer of bad");
	in = der_inner(&seq);
	CHECK(der_next(&in, &t) == -1, "inner element ran past its parent");
}

static void test_integers_oids(void)
{
	struct der_tlv t = { DER_INTEGER, NULL, 0, NULL, 0 };
	long v;
	char buf[64];
	static const uint8_t i00[] = { 0x00 }, i0080[] = { 0x00, 0x80 },
			     i0001[] = { 0x00, 0x01 }, iff80[] = { 0xff, 0x80 },
			     iffff[] = { 0xff, 0xff }, iff[] = { 0xff },
			     i80[] = { 0x80 };

	t.val = i00; t.len = 1;
	CHECK(der_int_ok(&t) && der_int_small(&t, &v) == 0 && v == 0, "0");
	t.val = i0080; t.len = 2;
	CHECK(der_int_ok(&t) && der_int_small(&t, &v) == 0 && v == 128, "128");
	t.val = i0001; t.len = 2;
	CHECK(!der_int_ok(&t), "non-minimal 00 01 accepted");
	t.val = iff80; t.len = 2;
	CHECK(!der_int_ok(&t), "non-minimal ff 80 accepted");
	t.val = iffff; t.len = 2;
	CHECK(!der_int_ok(&t), "non-minimal ff ff accepted");
	t.val = iff; t.len = 1;
	CHECK(der_int_ok(&t) && der_int_small(&t, &v) == -1, "-1 is not small");
	t.val = i80; t.len = 1;
	CHECK(der_int_small(&t, &v) == -1, "negative accepted as small");
	t.len = 0;
	CHECK(!der_int_ok(&t), "empty INTEGER accepted");

	/* 1.2.840.113549.1.7.2 and 2.999.3 (first arc >= 80) */
	static const uint8_t sd[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02 };
	der_oid_str(sd, sizeof(sd), buf, sizeof(buf));
	CHECK(strcmp(buf, "1.2.840.113549.1.7.2") == 0, "got %s", buf);
	static const uint8_t o2[] = { 0x88, 0x37, 0x03 };
	der_oid_str(o2, sizeof(o2), buf, sizeof(buf));
	CHECK(strcmp(buf, "2.999.3") == 0, "got %s", buf);
	static const uint8_t trunc[] = { 0x2a, 0x86 };
	der_oid_str(trunc, sizeof(trunc), buf, sizeof(buf));
	CHECK(strcmp(buf, "?") == 0, "truncated OID: got %s", buf);
	static const uint8_t nonmin[] = { 0x2a, 0x80, 0x01 };
	der_oid_str(nonmin, sizeof(nonmin), buf, sizeof(buf));
	CHECK(strcmp(buf, "?") == 0, "non-minimal OID: got %s", buf);
	der_oid_str(sd, sizeof(sd), buf, 8);
	CHECK(strcmp(buf, "?") == 0, "OID too long for buffer: got %s", buf);
}

static void test_writer(void)
{
	struct der_writer w;
	uint8_t val[300], *out;
	size_t len = 0, m, m2, i;
	char got[1300];
	struct der_tlv t;

	CHECK(der_len_size(0) == 1 && der_len_size(127) == 1 &&
	      der_len_size(128) == 2 && der_len_size(255) == 2 &&
	      der_len_size(256) == 3 && der_len_size(65536) == 4, "der_len_size");

	/* SEQUENCE { INTEGER 0, INTEGER 127, INTEGER 128, INTEGER 256, NULL } */
	der_writer_init(&w);
	m = der_begin(&w);
	der_put_small_int(&w, 0);
	der_put_small_int(&w, 127);
	der_put_small_int(&w, 128);
	der_put_small_int(&w, 256);
	der_put(&w, DER_NULL, NULL, 0);
	der_end(&w, m, DER_SEQUENCE);
	out = der_writer_take(&w, &len);
	CHECK(out != NULL, "writer failed");
	if (out) {
		hex(out, len, got);
		CHECK(strcmp(got, "301002010002017f0202008002020100" "0500") == 0,
		      "expected 301002010002017f02020080020201000500, got %s", got);
	}
	free(out);

	/* Nested elements whose lengths cross 127 and 255 (header grows). */
	for (i = 0; i < sizeof(val); i++)
		val[i] = (uint8_t)i;
	der_writer_init(&w);
	m = der_begin(&w);
	m2 = der_begin(&w);
	der_put(&w, DER_OCTET_STRING, val, 124);	/* 2 + 124 = 126 */
	der_end(&w, m2, DER_CTX_CONS(0));		/* 2 + 126 = 128 (short form) */
	der_put(&w, DER_OCTET_STRING, val, 300);	/* 4 + 300 */
	der_end(&w, m, DER_SEQUENCE);
	out = der_writer_take(&w, &len);
	CHECK(out && len == 4 + 128 + 304, "nested: len %zu", len);
	if (out) {
		struct der d, in;
		struct der_tlv a, b, c;

		CHECK(out[0] == 0x30 && out[1] == 0x82 && out[2] == 0x01 &&
		      out[3] == 0xb0, "outer header %02x %02x %02x %02x",
		      out[0], out[1], out[2], out[3]);
		d = der_init(out, len);
		CHECK(der_next(&d, &t) == 0 && der_empty(&d), "reparse outer");
		in = der_inner(&t);
		CHECK(der_expect(&in, DER_CTX_CONS(0), &a) == 0 && a.len == 126 &&
		      a.total == 128, "[0]: len %zu total %zu", a.len, a.total);
		d = der_inner(&a);
		CHECK(der_expect(&d, DER_OCTET_STRING, &c) == 0 && c.len == 124 &&
		      memcmp(c.val, val, 124) == 0, "inner OCTET STRING");
		CHECK(der_expect(&in, DER_OCTET_STRING, &b) == 0 && b.len == 300 &&
		      memcmp(b.val, val, 300) == 0 && der_empty(&in), "300 bytes");
	}
	free(out);

	/* Misuse is sticky and take() returns NULL. */
	der_writer_init(&w);
	der_put_small_int(&w, 1);
	der_end(&w, 99, DER_SEQUENCE);
	out = der_writer_take(&w, &len);
	CHECK(out == NULL, "der_end past the end was accepted");
	/* Nothing written: NULL too. */
	der_writer_init(&w);
	CHECK(der_writer_take(&w, &len) == NULL, "empty writer gave bytes");
}

int main(void)
{
	test_reader_lengths();
	test_reader_walk();
	test_integers_oids();
	test_writer();
	return sg_test_done("skelgen_der");
}
