// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * fuzz_cident.c - what skelgen writes into a header from object bytes
 * (cident.c): section names into comments, attach targets into strings,
 * names as identifiers.  The input is one NUL-free string.  Properties:
 *  - sg_c_comment's output is printable ASCII without "*" "/" next to each
 *    other, without '?' or '\\' unescaped: it cannot end the comment, open
 *    a nested one, or form a trigraph or line splice;
 *  - sg_c_string's output is one string literal: quotes only at both ends,
 *    and decoding its escapes gives back the input;
 *  - sg_ident_problem() accepts only [A-Za-z_][A-Za-z0-9_]*.
 */
#define _GNU_SOURCE
#include "fuzz.h"

#include <string.h>

#include "gen/cident.h"

static char *render(void (*fn)(FILE *, const char *), const char *s, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	FUZZ_ASSERT(f, "open_memstream");
	fn(f, s);
	fclose(f);
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = strndup((const char *)data, size), *out;
	size_t len, i, j;

	FUZZ_ASSERT(s, "strndup");
	out = render(sg_c_comment, s, &len);
	for (i = 0; i < len; i++) {
		FUZZ_ASSERT(out[i] >= ' ' && out[i] <= '~' && out[i] != '?', "comment: byte 0x%02x", (unsigned char)out[i]);
		FUZZ_ASSERT(!(out[i] == '*' && out[i + 1] == '/') && !(out[i] == '/' && out[i + 1] == '*'),
			    "comment: '%s' can close or open a comment", out);
		FUZZ_ASSERT(out[i] != '\\' || out[i + 1] == 'x', "comment: lone backslash in '%s'", out);
	}
	free(out);

	out = render(sg_c_string, s, &len);
	FUZZ_ASSERT(len >= 2 && out[0] == '"' && out[len - 1] == '"', "string: not quoted: '%s'", out);
	for (i = 1, j = 0; i + 1 < len; j++) {
		char c = out[i];

		FUZZ_ASSERT(c >= ' ' && c <= '~' && c != '"' && c != '?', "string: raw byte 0x%02x", (unsigned char)c);
		if (c == '\\') {
			FUZZ_ASSERT(i + 4 < len, "string: short escape");
			c = (char)(((out[i + 1] - '0') << 6) | ((out[i + 2] - '0') << 3) | (out[i + 3] - '0'));
			i += 4;
		} else {
			i++;
		}
		FUZZ_ASSERT(s[j] == c, "string: decodes to something else at %zu", j);
	}
	FUZZ_ASSERT(s[j] == '\0', "string: decodes short");
	free(out);

	if (!sg_ident_problem(s)) {
		FUZZ_ASSERT(s[0] && !(s[0] >= '0' && s[0] <= '9'), "ident: '%s' accepted", s);
		for (i = 0; s[i]; i++)
			FUZZ_ASSERT((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
				    (s[i] >= '0' && s[i] <= '9') || s[i] == '_', "ident: '%s' accepted", s);
	}
	free(s);
	return 0;
}
