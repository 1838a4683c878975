// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * fuzz_pem.c - skelgen's PEM decoder (pem.c, over BearSSL's br_pem_decoder).
 *
 * Properties: sg_pem_decode never reads or writes out of bounds, frees all
 * it allocates, and on success every object has a NUL-terminated name and
 * a DER buffer of exactly the reported length (ASan checks the reads).
 */
#include "fuzz.h"

#include <string.h>

#include "sign/crypto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sg_pem_obj *objs = NULL;
	size_t count = 0, i;
	char err[SG_ERR_MAX] = "";
	volatile uint8_t sink = 0;

	(void)sg_pem_looks_like(data, size);
	if (sg_pem_decode(data, size, "fuzz.pem", &objs, &count, err)) {
		FUZZ_ASSERT(memchr(err, 0, sizeof(err)) && err[0], "no error line");
		return 0;
	}
	FUZZ_ASSERT(count == 0 || objs, "%zu objects, no array", count);
	for (i = 0; i < count; i++) {
		size_t j;

		FUZZ_ASSERT(memchr(objs[i].name, 0, sizeof(objs[i].name)),
			    "object %zu: name not terminated", i);
		FUZZ_ASSERT(objs[i].len == 0 || objs[i].der,
			    "object %zu: %zu bytes, no buffer", i, objs[i].len);
		FUZZ_ASSERT(objs[i].len <= size, "object %zu: %zu bytes from %zu of text",
			    i, objs[i].len, size);
		for (j = 0; j < objs[i].len; j++)
			sink ^= objs[i].der[j];
	}
	sg_pem_free(objs, count);
	(void)sink;
	return 0;
}
