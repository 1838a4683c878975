// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * fuzz_der.c - skelgen's DER reader and writer (der.c).
 *
 * The input is walked as a sequence of TLVs, recursing into constructed
 * elements whose contents are themselves TLVs, and re-encoded with the
 * writer.  Properties:
 *  - every der_tlv the reader returns lies inside the input and is
 *    self-consistent (start + total == val + len, header size matches
 *    der_len_size());
 *  - der_expect() with a wrong tag and der_optional() with an absent tag
 *    leave the cursor where it was;
 *  - the reader accepts only minimal (DER) lengths, so re-encoding what it
 *    read gives back exactly the input bytes;
 *  - der_int_small() agrees with der_int_ok() and the value fits 31 bits;
 *  - der_oid_str() always terminates its output within the given size.
 */
#include "fuzz.h"

#include <string.h>

#include "sign/crypto.h"
#include "sign/der.h"

#define MAX_DEPTH 32

static const uint8_t *in_lo, *in_hi;

static void check_tlv(const struct der_tlv *t)
{
	FUZZ_ASSERT(t->start >= in_lo && t->start + t->total <= in_hi,
		    "TLV outside the input");
	FUZZ_ASSERT(t->val > t->start && t->val + t->len == t->start + t->total,
		    "TLV value not at its end (total %zu, len %zu)", t->total, t->len);
	FUZZ_ASSERT(t->total == 1 + der_len_size(t->len) + t->len,
		    "header of %zu bytes for length %zu", t->total - t->len, t->len);
	FUZZ_ASSERT(t->tag == t->start[0], "tag %02x, first byte %02x", t->tag, t->start[0]);
	FUZZ_ASSERT(t->len <= DER_MAX_LEN, "length %zu over the limit", t->len);
}

static void check_value(const struct der_tlv *t)
{
	char buf[40], big[200];
	long v = -1;

	if (t->tag == DER_INTEGER) {
		int ok = der_int_ok(t);

		if (der_int_small(t, &v) == 0) {
			FUZZ_ASSERT(ok, "der_int_small accepted what der_int_ok refuses");
			FUZZ_ASSERT(v >= 0 && v <= 0x7fffffffL, "small int %ld", v);
		}
	}
	if (t->tag == DER_OID) {
		der_oid_str(t->val, t->len, buf, sizeof(buf));
		FUZZ_ASSERT(memchr(buf, 0, sizeof(buf)), "OID text not terminated");
		der_oid_str(t->val, t->len, big, sizeof(big));
		FUZZ_ASSERT(memchr(big, 0, sizeof(big)), "OID text not terminated");
		(void)sg_oid_name(t->val, t->len, buf, sizeof(buf));
		FUZZ_ASSERT(memchr(buf, 0, sizeof(buf)), "OID name not terminated");
		der_oid_str(t->val, t->len, buf, 1);
		FUZZ_ASSERT(buf[0] == 0, "1-byte buffer holds \"%c\"", buf[0]);
	}
}

/* Does the cursor hold only whole TLVs? */
static int all_tlvs(struct der d)
{
	struct der_tlv t;

	while (!der_empty(&d))
		if (der_next(&d, &t))
			return 0;
	return 1;
}

/* Walk d (which all_tlvs() accepted) and write what it holds into w. */
static void walk(struct der d, struct der_writer *w, int depth)
{
	while (!der_empty(&d)) {
		struct der before = d;
		struct der_tlv t, u;
		int tag = der_peek(&d);
		uint8_t other = (uint8_t)(tag ^ 0x01);

		FUZZ_ASSERT(der_expect(&d, other, &u) != 0, "der_expect took tag %02x for %02x",
			    tag, other);
		FUZZ_ASSERT(d.p == before.p && d.len == before.len, "der_expect moved on failure");
		FUZZ_ASSERT(der_optional(&d, other, &u) == 0, "der_optional took a wrong tag");
		FUZZ_ASSERT(d.p == before.p && d.len == before.len, "der_optional moved on absence");
		FUZZ_ASSERT(der_next(&d, &t) == 0, "all_tlvs() and der_next() disagree");
		FUZZ_ASSERT(d.p == before.p + t.total && d.len == before.len - t.total,
			    "cursor moved by the wrong amount");
		FUZZ_ASSERT(t.tag == tag, "der_peek %02x, der_next %02x", tag, t.tag);
		check_tlv(&t);
		check_value(&t);
		if ((t.tag & 0x20) && depth < MAX_DEPTH && all_tlvs(der_inner(&t))) {
			size_t mark = der_begin(w);

			walk(der_inner(&t), w, depth + 1);
			der_end(w, mark, t.tag);
		} else {
			der_put(w, t.tag, t.val, t.len);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct der d = der_init(data, size);
	struct der_writer w;
	struct der_tlv t;
	uint8_t *out;
	size_t out_len = 0;

	in_lo = data;
	in_hi = data + size;
	if (der_parse_one(data, size, &t) == 0) {
		check_tlv(&t);
		FUZZ_ASSERT(t.total == size, "der_parse_one: %zu of %zu bytes", t.total, size);
	}
	if (!all_tlvs(d)) {
		/* Walk as far as it goes; the failing call must not move. */
		while (!der_empty(&d)) {
			struct der before = d;

			if (der_next(&d, &t)) {
				FUZZ_ASSERT(d.p == before.p && d.len == before.len,
					    "der_next moved on failure");
				break;
			}
			check_tlv(&t);
			check_value(&t);
		}
		return 0;
	}
	der_writer_init(&w);
	walk(d, &w, 0);
	out = der_writer_take(&w, &out_len);
	if (size == 0) {
		free(out);
		return 0;
	}
	FUZZ_ASSERT(out, "writer failed on %zu bytes", size);
	FUZZ_ASSERT(out_len == size && memcmp(out, data, size) == 0,
		    "re-encoding differs (%zu bytes in, %zu out)", size, out_len);
	free(out);
	return 0;
}
