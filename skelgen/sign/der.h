/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * der.h - a bounds-checked DER reader and a small DER writer.
 *
 * Reader: a `struct der` is a cursor over bytes that belong to us; every
 * call checks lengths against what is left and never reads past it.  Only
 * single-byte tags (tag number < 31) and definite lengths in minimal form
 * are accepted (DER, not BER); anything else is "malformed" (-1).
 *
 * Writer: a growable buffer.  der_begin() opens a constructed element and
 * der_end() closes it, inserting the tag and the (minimal) length in front
 * of what was written since.  Allocation failure is sticky: check
 * `w->failed` (or der_writer_take()'s result) once at the end.
 */
#ifndef SKELGEN_DER_H
#define SKELGEN_DER_H

#include <stddef.h>
#include <stdint.h>

/* Universal tags (with the constructed bit where DER requires it). */
#define DER_BOOLEAN	0x01
#define DER_INTEGER	0x02
#define DER_BIT_STRING	0x03
#define DER_OCTET_STRING 0x04
#define DER_NULL	0x05
#define DER_OID		0x06
#define DER_UTCTIME	0x17
#define DER_GENTIME	0x18
#define DER_SEQUENCE	0x30
#define DER_SET		0x31
/* Context-specific tags: [n] constructed (EXPLICIT or constructed IMPLICIT)
 * and [n] primitive (IMPLICIT over a primitive type). */
#define DER_CTX_CONS(n)	(0xa0 | (n))
#define DER_CTX_PRIM(n)	(0x80 | (n))

/* The largest length we accept for one element (a sanity limit far above
 * anything a key, certificate or signature needs). */
#define DER_MAX_LEN	((size_t)1 << 28)

struct der {
	const uint8_t *p;	/* next unread byte */
	size_t len;		/* bytes left */
};

struct der_tlv {
	uint8_t tag;
	const uint8_t *start;	/* first byte of the tag: the whole TLV */
	size_t total;		/* tag + length + value bytes */
	const uint8_t *val;	/* value (content octets) */
	size_t len;		/* value length */
};

/* A cursor over `len` bytes at `p`. */
static inline struct der der_init(const void *p, size_t len)
{
	struct der d = { (const uint8_t *)p, len };
	return d;
}

/* A cursor over the value of `t` (to walk a constructed element). */
static inline struct der der_inner(const struct der_tlv *t)
{
	return der_init(t->val, t->len);
}

static inline int der_empty(const struct der *d)
{
	return d->len == 0;
}

/* Tag of the next element, or -1 when the cursor is empty. */
int der_peek(const struct der *d);

/* Read the next TLV into *t and advance.  0 on success, -1 when the cursor
 * is empty, the header is not DER or the value runs past the end. */
int der_next(struct der *d, struct der_tlv *t);

/* Like der_next() but the tag must be `tag`; otherwise -1 and the cursor is
 * not moved. */
int der_expect(struct der *d, uint8_t tag, struct der_tlv *t);

/* If the next element has tag `tag`, read it (return 1); if not, or the
 * cursor is empty, return 0 without moving; -1 if it is malformed. */
int der_optional(struct der *d, uint8_t tag, struct der_tlv *t);

/* Parse exactly one TLV that spans all of buf[0..len). */
int der_parse_one(const void *buf, size_t len, struct der_tlv *t);

/* INTEGER content: minimal (no redundant leading 0x00/0xff), non-empty. */
int der_int_ok(const struct der_tlv *t);

/* INTEGER that must be a small non-negative number (fits in 31 bits). */
int der_int_small(const struct der_tlv *t, long *out);

/* An OID element equals the given content bytes. */
int der_oid_is(const struct der_tlv *t, const uint8_t *oid, size_t oid_len);

/* Dotted text of an OID's content ("1.2.840.10045.3.1.7"); "?" if the
 * content is not a valid OID or does not fit. */
void der_oid_str(const uint8_t *val, size_t len, char *buf, size_t size);

/* Writer. */
struct der_writer {
	uint8_t *buf;
	size_t len, cap;
	int failed;	/* an allocation failed or der_end() was misused */
};

void der_writer_init(struct der_writer *w);
void der_writer_free(struct der_writer *w);
/* Hand the bytes to the caller (malloc'd); NULL if anything failed, and
 * the writer is freed either way. */
uint8_t *der_writer_take(struct der_writer *w, size_t *len);

/* Append raw (already encoded) bytes. */
void der_put_raw(struct der_writer *w, const void *p, size_t len);
/* Append a primitive element with the given value. */
void der_put(struct der_writer *w, uint8_t tag, const void *val, size_t len);
/* Append INTEGER with a small non-negative value. */
void der_put_small_int(struct der_writer *w, unsigned v);
/* Open a constructed element; returns a mark for der_end(). */
size_t der_begin(struct der_writer *w);
/* Close the element opened at `mark`, giving it tag `tag`. */
void der_end(struct der_writer *w, size_t mark, uint8_t tag);

/* Encoded size of a DER length field for `len` (1..5 bytes). */
size_t der_len_size(size_t len);

#endif /* SKELGEN_DER_H */
