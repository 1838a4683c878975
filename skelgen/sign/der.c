// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* der.c - bounds-checked DER reader and a small DER writer (see der.h). */
#include "der.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int der_peek(const struct der *d)
{
	return d->len ? d->p[0] : -1;
}

/* Decode the header at d->p without consuming it. */
static int der_header(const struct der *d, struct der_tlv *t)
{
	const uint8_t *p = d->p;
	size_t left = d->len, hdr, len;

	if (left < 2)
		return -1;
	if ((p[0] & 0x1f) == 0x1f)
		return -1;		/* multi-byte tag: never used here */
	if (p[1] < 0x80) {
		len = p[1];
		hdr = 2;
	} else {
		size_t n = p[1] & 0x7f, i;

		if (n == 0 || n > 4)
			return -1;	/* indefinite (BER) or absurd */
		if (left < 2 + n || p[2] == 0)
			return -1;	/* truncated or leading zero */
		len = 0;
		for (i = 0; i < n; i++)
			len = (len << 8) | p[2 + i];
		if (len < 0x80)
			return -1;	/* long form for a short length */
		hdr = 2 + n;
	}
	if (len > DER_MAX_LEN || len > left - hdr)
		return -1;
	t->tag = p[0];
	t->start = p;
	t->total = hdr + len;
	t->val = p + hdr;
	t->len = len;
	return 0;
}

int der_next(struct der *d, struct der_tlv *t)
{
	if (der_header(d, t))
		return -1;
	d->p += t->total;
	d->len -= t->total;
	return 0;
}

int der_expect(struct der *d, uint8_t tag, struct der_tlv *t)
{
	struct der_tlv tmp;

	if (der_header(d, &tmp) || tmp.tag != tag)
		return -1;
	*t = tmp;
	d->p += tmp.total;
	d->len -= tmp.total;
	return 0;
}

int der_optional(struct der *d, uint8_t tag, struct der_tlv *t)
{
	if (der_peek(d) != tag)
		return 0;
	return der_expect(d, tag, t) ? -1 : 1;
}

int der_parse_one(const void *buf, size_t len, struct der_tlv *t)
{
	struct der d = der_init(buf, len);

	if (der_next(&d, t) || !der_empty(&d))
		return -1;
	return 0;
}

int der_int_ok(const struct der_tlv *t)
{
	if (t->tag != DER_INTEGER || t->len == 0)
		return 0;
	if (t->len > 1 && ((t->val[0] == 0x00 && !(t->val[1] & 0x80)) ||
			   (t->val[0] == 0xff && (t->val[1] & 0x80))))
		return 0;
	return 1;
}

int der_int_small(const struct der_tlv *t, long *out)
{
	long v = 0;
	size_t i;

	if (!der_int_ok(t) || (t->val[0] & 0x80) || t->len > 4)
		return -1;
	for (i = 0; i < t->len; i++)
		v = (v << 8) | t->val[i];
	*out = v;
	return 0;
}

int der_oid_is(const struct der_tlv *t, const uint8_t *oid, size_t oid_len)
{
	return t->tag == DER_OID && t->len == oid_len &&
	       memcmp(t->val, oid, oid_len) == 0;
}

void der_oid_str(const uint8_t *val, size_t len, char *buf, size_t size)
{
	size_t i, used = 0;
	unsigned long long arc = 0;
	int first = 1, n;

	if (size == 0)
		return;
	buf[0] = 0;
	if (len == 0 || (val[len - 1] & 0x80))
		goto bad;
	for (i = 0; i < len; i++) {
		if (arc == 0 && val[i] == 0x80)
			goto bad;	/* non-minimal arc */
		if (arc >> 56)
			goto bad;	/* would overflow */
		arc = (arc << 7) | (val[i] & 0x7f);
		if (val[i] & 0x80)
			continue;
		if (first) {
			unsigned long long top = arc < 40 ? 0 : arc < 80 ? 1 : 2;

			n = snprintf(buf + used, size - used, "%llu.%llu", top,
				     arc - 40 * top);
			first = 0;
		} else {
			n = snprintf(buf + used, size - used, ".%llu", arc);
		}
		if (n < 0 || (size_t)n >= size - used)
			goto bad;
		used += (size_t)n;
		arc = 0;
	}
	return;
bad:
	snprintf(buf, size, "?");
}

void der_writer_init(struct der_writer *w)
{
	memset(w, 0, sizeof(*w));
}

void der_writer_free(struct der_writer *w)
{
	free(w->buf);
	memset(w, 0, sizeof(*w));
}

uint8_t *der_writer_take(struct der_writer *w, size_t *len)
{
	uint8_t *p = w->buf;

	if (w->failed || !p) {
		der_writer_free(w);
		return NULL;
	}
	*len = w->len;
	memset(w, 0, sizeof(*w));
	return p;
}

/* Make room for `more` bytes. */
static int der_reserve(struct der_writer *w, size_t more)
{
	size_t cap;
	uint8_t *p;

	if (w->failed)
		return -1;
	if (more > DER_MAX_LEN || w->len > DER_MAX_LEN) {
		w->failed = 1;
		return -1;
	}
	if (w->len + more <= w->cap)
		return 0;
	cap = w->cap ? w->cap : 256;
	while (cap < w->len + more)
		cap *= 2;
	p = realloc(w->buf, cap);
	if (!p) {
		w->failed = 1;
		return -1;
	}
	w->buf = p;
	w->cap = cap;
	return 0;
}

void der_put_raw(struct der_writer *w, const void *p, size_t len)
{
	if (len == 0 || der_reserve(w, len))
		return;
	memcpy(w->buf + w->len, p, len);
	w->len += len;
}

size_t der_len_size(size_t len)
{
	size_t n = 1;

	if (len < 0x80)
		return 1;
	while (len) {
		n++;
		len >>= 8;
	}
	return n;
}

/* Encode tag and length into hdr (at most 6 bytes); returns its size. */
static size_t der_make_header(uint8_t hdr[6], uint8_t tag, size_t len)
{
	size_t n = der_len_size(len), i;

	hdr[0] = tag;
	if (n == 1) {
		hdr[1] = (uint8_t)len;
		return 2;
	}
	hdr[1] = (uint8_t)(0x80 | (n - 1));
	for (i = 0; i < n - 1; i++)
		hdr[1 + n - 1 - i] = (uint8_t)(len >> (8 * i));
	return 1 + n;
}

void der_put(struct der_writer *w, uint8_t tag, const void *val, size_t len)
{
	uint8_t hdr[6];

	if (len > DER_MAX_LEN) {
		w->failed = 1;
		return;
	}
	der_put_raw(w, hdr, der_make_header(hdr, tag, len));
	der_put_raw(w, val, len);
}

void der_put_small_int(struct der_writer *w, unsigned v)
{
	uint32_t x = (uint32_t)v;
	uint8_t b[5] = { 0, (uint8_t)(x >> 24), (uint8_t)(x >> 16),
			 (uint8_t)(x >> 8), (uint8_t)x };
	size_t i = 0;

	/* Drop leading zero bytes unless the next byte's top bit needs one
	 * (INTEGER is signed); always keep the last byte. */
	while (i < 4 && b[i] == 0 && !(b[i + 1] & 0x80))
		i++;
	der_put(w, DER_INTEGER, b + i, sizeof(b) - i);
}

size_t der_begin(struct der_writer *w)
{
	return w->len;
}

void der_end(struct der_writer *w, size_t mark, uint8_t tag)
{
	uint8_t hdr[6];
	size_t hlen, len;

	if (w->failed)
		return;
	if (mark > w->len) {
		w->failed = 1;
		return;
	}
	len = w->len - mark;
	hlen = der_make_header(hdr, tag, len);
	if (der_reserve(w, hlen))
		return;
	memmove(w->buf + mark + hlen, w->buf + mark, len);
	memcpy(w->buf + mark, hdr, hlen);
	w->len += hlen;
}
