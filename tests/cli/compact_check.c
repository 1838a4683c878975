/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* compact_check.c - built by compact_rebuild.sh against one generated
 * header (-DHDR, -DNAME): writes the bytes the runtime gives the kernel,
 * rebuilt from the header's compact forms with the runtime's own
 * functions: DIR/data.bin (the metadata value, zero runs put back) and
 * DIR/ID.insns + DIR/ID.sha256 for each signature's own loader (ID:
 * chain, loadtime, inloader, inloader-noexcl). */
#include <stdio.h>
#include <stdlib.h>

#include HDR

#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)

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
	const struct tinyskel_blob *b = CAT(NAME, __blob)();
	uint8_t *buf = malloc(b->data_sz);
	uint32_t i;
	int bad = 0;

	if (argc != 2 || !buf)
		return 2;
	tinyskel_data_read(b, 0, b->data_sz, buf);
	bad |= put(argv[1], "data.bin", buf, b->data_sz);
	bad |= put(argv[1], "insns.bin", b->insns, b->insns_sz);
	free(buf);
	for (i = 0; i < b->nr_sigs; i++) {
		const struct tinyskel_signature *s = &b->sigs[i];
		const char *id = s->scheme == TINYSKEL_SCHEME_CHAIN	 ? "chain"
				 : s->scheme == TINYSKEL_SCHEME_LOADTIME ? "loadtime"
				 : s->flags & TINYSKEL_SIG_INLOADER_NO_EXCL ? "inloader-noexcl"
									      : "inloader";
		char name[64];
		uint8_t *v;

		/* every signature carries its own loader (the sealed one, or an
		 * in-loader variant of it), stored as edits of the common one */
		if (s->insns || !(s->nr_edits || (s->flags & TINYSKEL_SIG_HASH_CHECK))) {
			printf("%s: not in compact form\n", id);
			bad = 1;
			continue;
		}
		/* the in-loader check is the runtime's own (tinyskel_hash_check):
		 * skelgen stores it only when the two drift */
		if (s->scheme == TINYSKEL_SCHEME_INLOADER && !(s->flags & TINYSKEL_SIG_HASH_CHECK)) {
			printf("%s: in-loader check stored, not generated\n", id);
			bad = 1;
		}
		/* one key signs every scheme: only the signature value differs */
		if (i > 0 && !s->sig_shared) {
			printf("%s: signature shares no bytes with the first\n", id);
			bad = 1;
		}
		v = malloc(s->insns_sz);
		if (!v || tinyskel_insns_rebuild(b, s, v)) {
			printf("%s: rebuild refused\n", id);
			free(v);
			bad = 1;
			continue;
		}
		snprintf(name, sizeof(name), "%s.insns", id);
		bad |= put(argv[1], name, v, s->insns_sz);
		snprintf(name, sizeof(name), "%s.sha256", id);
		bad |= put(argv[1], name, s->insns_sha256, 32);
		free(v);
	}
	return bad;
}
