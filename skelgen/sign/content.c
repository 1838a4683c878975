// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* content.c - SHA-256 and the bytes each scheme signs (SCHEMES.md). */
#include "crypto.h"

#include <stdlib.h>
#include <string.h>

void sg_sha256(const void *data, size_t len, uint8_t out[32])
{
	br_sha256_context c;

	br_sha256_init(&c);
	br_sha256_update(&c, data, len);
	br_sha256_out(&c, out);
}

/* chain: SHA-256(SHA-256(insns) || SHA-256(data)) */
int sg_content_chain(const uint8_t *insns, size_t insns_len,
		     const uint8_t *data, size_t data_len,
		     uint8_t **out, size_t *out_len)
{
	uint8_t both[64];
	uint8_t *p;

	if ((!insns && insns_len) || (!data && data_len))
		return -1;
	p = malloc(32);
	if (!p)
		return -1;
	sg_sha256(insns, insns_len, both);
	sg_sha256(data, data_len, both + 32);
	sg_sha256(both, sizeof(both), p);
	*out = p;
	*out_len = 32;
	return 0;
}

/* loadtime: insns || data */
int sg_content_loadtime(const uint8_t *insns, size_t insns_len,
			const uint8_t *data, size_t data_len,
			uint8_t **out, size_t *out_len)
{
	uint8_t *p;

	if ((!insns && insns_len) || (!data && data_len) ||
	    insns_len > SIZE_MAX - data_len - 1)
		return -1;
	p = malloc(insns_len + data_len + 1);	/* +1: never malloc(0) */
	if (!p)
		return -1;
	if (insns_len)
		memcpy(p, insns, insns_len);
	if (data_len)
		memcpy(p + insns_len, data, data_len);
	*out = p;
	*out_len = insns_len + data_len;
	return 0;
}
