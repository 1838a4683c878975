/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * dump_blob.c - write out the bytes a generated header carries, through its
 * documented accessor NAME__blob(), so a test (or an auditor) can rebuild
 * each scheme's signed content with independent tools.
 *
 *   cc -include foo.lskel.h -DSKEL_BLOB=foo__blob dump_blob.c -o dump
 *   dump DIR     -> DIR/insns DIR/data DIR/insns_sha256 DIR/data_sha256
 *                   DIR/sig.SCHEME [DIR/insns.SCHEME for its own variant]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tinyskel.h"

static int put(const char *dir, const char *name, const void *p, size_t n)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n || fclose(f)) {
		perror(path);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const struct tinyskel_blob *b = SKEL_BLOB();
	uint8_t *buf;
	char name[64];
	int bad = 0;
	uint32_t i;

	if (argc != 2)
		return 2;
	bad |= put(argv[1], "insns", b->insns, b->insns_sz);
	/* The bytes the runtime uploads: zero runs put back, in-loader
	 * variants rebuilt from the common loader (runtime/load/rebuild.c). */
	buf = malloc(b->data_sz);
	if (!buf)
		return 1;
	tinyskel_data_read(b, 0, b->data_sz, buf);
	bad |= put(argv[1], "data", buf, b->data_sz);
	free(buf);
	bad |= put(argv[1], "insns_sha256", b->insns_sha256, 32);
	bad |= put(argv[1], "data_sha256", b->data_sha256, 32);
	for (i = 0; i < b->nr_sigs; i++) {
		const struct tinyskel_signature *s = &b->sigs[i];

		/* the in-loader variant for early 6.18.y has its own files */
		const char *v = s->flags & TINYSKEL_SIG_INLOADER_NO_EXCL ? "-noexcl" : "";

		snprintf(name, sizeof(name), "sig.%s%s", tinyskel_scheme_name(s->scheme), v);
		/* the DER the runtime passes: first bytes shared with sigs[0] */
		buf = malloc(s->sig_sz);
		if (!buf)
			return 1;
		tinyskel_sig_read(b, s, buf);
		bad |= put(argv[1], name, buf, s->sig_sz);
		free(buf);
		if (s->insns || s->nr_edits || (s->flags & TINYSKEL_SIG_HASH_CHECK)) {
			snprintf(name, sizeof(name), "insns.%s%s", tinyskel_scheme_name(s->scheme), v);
			buf = malloc(s->insns_sz);
			if (!buf || (s->insns ? !memcpy(buf, s->insns, s->insns_sz) : tinyskel_insns_rebuild(b, s, buf) != 0)) {
				fprintf(stderr, "%s: cannot rebuild\n", name);
				free(buf);
				return 1;
			}
			bad |= put(argv[1], name, buf, s->insns_sz);
			free(buf);
		}
	}
	printf("%u signatures\n", b->nr_sigs);
	return bad;
}
