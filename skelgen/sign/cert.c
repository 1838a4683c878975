// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * cert.c - load an X.509 certificate (PEM or DER).
 *
 * br_x509_decoder gives the public key; our DER walk of tbsCertificate
 * gives what BearSSL does not expose: issuer Name, serialNumber,
 * subjectKeyIdentifier, validity and keyUsage.
 */
#include "crypto.h"
#include "der.h"

#include <stdlib.h>
#include <string.h>

static int cert_pem_name(const char *name)
{
	return strcmp(name, "CERTIFICATE") == 0 ||
	       strcmp(name, "X509 CERTIFICATE") == 0;
}

static int digits(const uint8_t *p, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	*out = v;
	return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* UTCTime YYMMDDHHMMSSZ or GeneralizedTime YYYYMMDDHHMMSSZ -> epoch seconds. */
static int parse_time(const struct der_tlv *t, int64_t *out)
{
	int y, mo, d, h, mi, s;
	const uint8_t *p = t->val;

	if (t->tag == DER_UTCTIME && t->len == 13) {
		if (digits(p, 2, &y))
			return -1;
		y += y < 50 ? 2000 : 1900;	/* RFC 5280 4.1.2.5.1 */
		p += 2;
	} else if (t->tag == DER_GENTIME && t->len == 15) {
		if (digits(p, 4, &y))
			return -1;
		p += 4;
	} else {
		return -1;
	}
	if (digits(p, 2, &mo) || digits(p + 2, 2, &d) || digits(p + 4, 2, &h) ||
	    digits(p + 6, 2, &mi) || digits(p + 8, 2, &s) || p[10] != 'Z')
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
		return -1;
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
	return 0;
}

/* Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue } */
static int parse_extension(struct sg_cert *c, const struct der_tlv *ext)
{
	struct der d = der_inner(ext), vd;
	struct der_tlv oid, crit, val, in;

	if (der_expect(&d, DER_OID, &oid) ||
	    der_optional(&d, DER_BOOLEAN, &crit) < 0 ||
	    der_expect(&d, DER_OCTET_STRING, &val) || !der_empty(&d))
		return -1;
	vd = der_init(val.val, val.len);
	if (der_oid_is(&oid, SG_OID_SKI.b, SG_OID_SKI.len)) {
		if (c->ski || der_expect(&vd, DER_OCTET_STRING, &in) ||
		    !der_empty(&vd) || in.len == 0)
			return -1;
		c->ski = in.val;
		c->ski_len = in.len;
	} else if (der_oid_is(&oid, SG_OID_KEY_USAGE.b, SG_OID_KEY_USAGE.len)) {
		unsigned ku = 0;

		if (c->has_key_usage || der_expect(&vd, DER_BIT_STRING, &in) ||
		    !der_empty(&vd) || in.len < 1 || in.len > 3 || in.val[0] > 7)
			return -1;
		if (in.len >= 2)
			ku = in.val[1];
		if (in.len == 3 && (in.val[2] & 0x80))
			ku |= 0x100;
		if (in.len == 2)
			ku &= (0xffu << in.val[0]) & 0xff;
		c->has_key_usage = 1;
		c->key_usage = ku;
	}
	return 0;
}

/* Walk Certificate / tbsCertificate; 0 or -1 (malformed). */
static int parse_cert(struct sg_cert *c)
{
	struct der_tlv cert, tbs, t, serial, issuer, validity, nb, na;
	struct der d, td, vd;
	int r;

	if (der_parse_one(c->der, c->der_len, &cert) || cert.tag != DER_SEQUENCE)
		return -1;
	d = der_inner(&cert);
	if (der_expect(&d, DER_SEQUENCE, &tbs) ||
	    der_expect(&d, DER_SEQUENCE, &t) ||
	    der_expect(&d, DER_BIT_STRING, &t) || !der_empty(&d))
		return -1;
	td = der_inner(&tbs);
	if (der_optional(&td, DER_CTX_CONS(0), &t) < 0 ||
	    der_expect(&td, DER_INTEGER, &serial) ||
	    der_expect(&td, DER_SEQUENCE, &t) ||		/* signature */
	    der_expect(&td, DER_SEQUENCE, &issuer) ||
	    der_expect(&td, DER_SEQUENCE, &validity) ||
	    der_expect(&td, DER_SEQUENCE, &t) ||		/* subject */
	    der_expect(&td, DER_SEQUENCE, &t) ||		/* subjectPublicKeyInfo */
	    der_optional(&td, DER_CTX_PRIM(1), &t) < 0 ||
	    der_optional(&td, DER_CTX_PRIM(2), &t) < 0)
		return -1;
	/* serialNumber is a positive INTEGER, at most 20 octets by RFC 5280;
	 * be lenient on sign and size, strict on the DER form. */
	if (serial.len == 0)
		return -1;
	c->serial = serial.val;
	c->serial_len = serial.len;
	c->issuer = issuer.start;
	c->issuer_len = issuer.total;
	vd = der_inner(&validity);
	if (der_next(&vd, &nb) || der_next(&vd, &na) || !der_empty(&vd) ||
	    parse_time(&nb, &c->not_before) || parse_time(&na, &c->not_after))
		return -1;
	r = der_optional(&td, DER_CTX_CONS(3), &t);
	if (r < 0)
		return -1;
	if (r == 1) {
		struct der ed = der_inner(&t), xd;
		struct der_tlv exts, ext;

		if (der_expect(&ed, DER_SEQUENCE, &exts) || !der_empty(&ed))
			return -1;
		xd = der_inner(&exts);
		while (!der_empty(&xd))
			if (der_expect(&xd, DER_SEQUENCE, &ext) ||
			    parse_extension(c, &ext))
				return -1;
	}
	return der_empty(&td) ? 0 : -1;
}

int sg_cert_load(const char *path, struct sg_cert **out, char err[SG_ERR_MAX])
{
	br_x509_decoder_context *xc = NULL;
	struct sg_cert *c;
	const br_x509_pkey *pk;
	int e;

	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (!c) {
		sg_err(err, path, "out of memory");
		return -1;
	}
	c->path = malloc(strlen(path) + 1);
	if (!c->path) {
		sg_err(err, path, "out of memory");
		goto fail;
	}
	memcpy(c->path, path, strlen(path) + 1);
	if (sg_load_der(path, cert_pem_name, "a certificate", &c->der,
			&c->der_len, err))
		goto fail;
	if (parse_cert(c)) {
		struct der d = der_init(c->der, c->der_len);
		struct der_tlv seq, first;

		/* A private key in DER starts SEQUENCE { INTEGER ... }. */
		if (!der_next(&d, &seq) && seq.tag == DER_SEQUENCE) {
			struct der in = der_inner(&seq);

			if (!der_next(&in, &first) && first.tag == DER_INTEGER) {
				sg_err(err, path, "not a certificate (found a private key)");
				goto fail;
			}
		}
		sg_err(err, path, "truncated or malformed certificate");
		goto fail;
	}
	xc = malloc(sizeof(*xc));
	if (!xc) {
		sg_err(err, path, "out of memory");
		goto fail;
	}
	br_x509_decoder_init(xc, NULL, NULL);
	br_x509_decoder_push(xc, c->der, c->der_len);
	e = br_x509_decoder_last_error(xc);
	pk = br_x509_decoder_get_pkey(xc);
	if (e || !pk) {
		if (e == BR_ERR_X509_UNSUPPORTED || e == BR_ERR_X509_LIMIT_EXCEEDED)
			sg_err(err, path, "certificate public key not supported (need RSA up to 4096 bits or ECDSA)");
		else
			sg_err(err, path, "cannot decode certificate (BearSSL X.509 error %d)", e);
		goto fail;
	}
	if (sg_pubkey_from_br(pk, &c->pub, path, err))
		goto fail;
	free(xc);
	*out = c;
	return 0;
fail:
	free(xc);
	sg_cert_free(c);
	return -1;
}

void sg_cert_free(struct sg_cert *cert)
{
	if (!cert)
		return;
	free(cert->path);
	free(cert->der);
	free(cert);
}
