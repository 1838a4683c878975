// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* pem.c - PEM objects through BearSSL's br_pem_decoder, and picking the
 * DER object a caller wants out of a PEM or DER file. */
#include "crypto.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

struct pem_sink {
	struct sg_pem_obj *obj;
	size_t cap;
	int failed;
};

static void pem_append(void *ctx, const void *src, size_t len)
{
	struct pem_sink *s = ctx;
	struct sg_pem_obj *o = s->obj;

	if (s->failed || len == 0)
		return;
	if (len > ((size_t)16 << 20) - o->len) {
		s->failed = 1;
		return;
	}
	if (o->len + len > s->cap) {
		size_t cap = s->cap ? s->cap : 1024;
		uint8_t *p;

		while (cap < o->len + len)
			cap *= 2;
		p = realloc(o->der, cap);
		if (!p) {
			s->failed = 1;
			return;
		}
		o->der = p;
		s->cap = cap;
	}
	memcpy(o->der + o->len, src, len);
	o->len += len;
}

static const uint8_t *find(const uint8_t *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; n <= len && i <= len - n; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return hay + i;
	return NULL;
}

int sg_pem_looks_like(const uint8_t *data, size_t len)
{
	return find(data, len, "-----BEGIN ") != NULL;
}

void sg_pem_free(struct sg_pem_obj *objs, size_t count)
{
	size_t i;

	for (i = 0; objs && i < count; i++) {
		if (objs[i].der) {
			sg_wipe(objs[i].der, objs[i].len);	/* may be a key */
			free(objs[i].der);
		}
	}
	free(objs);
}

int sg_pem_decode(const uint8_t *data, size_t len, const char *path,
		  struct sg_pem_obj **objs_out, size_t *count_out,
		  char err[SG_ERR_MAX])
{
	br_pem_decoder_context pc;
	struct sg_pem_obj *objs = NULL;
	struct pem_sink sink = { NULL, 0, 0 };
	size_t count = 0, cap = 0;
	int in_obj = 0, pass;

	/* RFC 1421 header lines ("Proc-Type: 4,ENCRYPTED", "DEK-Info: ...")
	 * only appear in legacy encrypted keys; BearSSL does not parse them. */
	if (find(data, len, "Proc-Type:")) {
		sg_err(err, path, "encrypted private key not supported");
		return -1;
	}
	br_pem_decoder_init(&pc);
	/* Pass 0 feeds the file, pass 1 a final newline so that an END line
	 * without one still completes. */
	for (pass = 0; pass < 2; pass++) {
		const uint8_t *p = pass ? (const uint8_t *)"\n" : data;
		size_t left = pass ? 1 : len;

		while (left > 0) {
			size_t n = br_pem_decoder_push(&pc, p, left);

			p += n;
			left -= n;
			switch (br_pem_decoder_event(&pc)) {
			case BR_PEM_BEGIN_OBJ:
				if (count == cap) {
					struct sg_pem_obj *o;

					cap = cap ? cap * 2 : 4;
					o = realloc(objs, cap * sizeof(*o));
					if (!o) {
						sg_err(err, path, "out of memory");
						goto fail;
					}
					objs = o;
				}
				memset(&objs[count], 0, sizeof(objs[count]));
				/* PEM names are short ("PRIVATE KEY"); a longer one
				 * is cut, which only affects messages. */
				snprintf(objs[count].name, sizeof(objs[count].name), "%.*s",
					 (int)sizeof(objs[count].name) - 1, br_pem_decoder_name(&pc));
				sink.obj = &objs[count];
				sink.cap = 0;
				count++;
				in_obj = 1;
				br_pem_decoder_setdest(&pc, pem_append, &sink);
				break;
			case BR_PEM_END_OBJ:
				in_obj = 0;
				if (sink.failed) {
					sg_err(err, path, "PEM object too large");
					goto fail;
				}
				break;
			case BR_PEM_ERROR:
				sg_err(err, path, "malformed PEM");
				goto fail;
			default:
				break;
			}
		}
	}
	if (in_obj) {
		sg_err(err, path, "truncated PEM (no END line)");
		goto fail;
	}
	*objs_out = objs;
	*count_out = count;
	return 0;
fail:
	sg_pem_free(objs, count);
	return -1;
}

int sg_load_der(const char *path, int (*accept)(const char *pem_name),
		const char *what, uint8_t **der, size_t *der_len,
		char err[SG_ERR_MAX])
{
	struct sg_pem_obj *objs = NULL;
	size_t count = 0, i;
	uint8_t *data;
	size_t len;

	if (sg_read_file(path, &data, &len, err))
		return -1;
	if (data[0] == 0x30) {		/* DER: a SEQUENCE */
		*der = data;
		*der_len = len;
		return 0;
	}
	if (!sg_pem_looks_like(data, len)) {
		sg_err(err, path, "neither PEM nor DER");
		goto fail;
	}
	if (sg_pem_decode(data, len, path, &objs, &count, err))
		goto fail;
	for (i = 0; i < count; i++) {
		if (!accept(objs[i].name))
			continue;
		if (objs[i].len == 0) {
			sg_err(err, path, "empty PEM object %s", objs[i].name);
			goto fail;
		}
		*der = objs[i].der;
		*der_len = objs[i].len;
		objs[i].der = NULL;
		sg_pem_free(objs, count);
		sg_wipe(data, len);
		free(data);
		return 0;
	}
	if (count == 0)
		sg_err(err, path, "no PEM object found");
	else
		sg_err(err, path, "not %s (found a%s %s)", what,
		       strchr("AEIOU", objs[0].name[0]) && objs[0].name[0] ? "n" : "",
		       objs[0].name);
fail:
	sg_pem_free(objs, count);
	sg_wipe(data, len);
	free(data);
	return -1;
}
