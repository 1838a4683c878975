/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * sg_test.h - tiny helpers for the skelgen unit tests (tests/unit/skelgen_*.c).
 * A failing check prints what it expected and what it got and counts a
 * failure; main() returns sg_test_done().  Fixtures are found under
 * $TINYSKEL_SRC (the repository root, default ".").
 */
#ifndef SG_TEST_H
#define SG_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int sg_test_failures;
static int sg_test_checks;

#define CHECK(cond, ...)						\
	do {								\
		sg_test_checks++;					\
		if (!(cond)) {						\
			sg_test_failures++;				\
			fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__,	\
				__LINE__, #cond);			\
			fprintf(stderr, __VA_ARGS__);			\
			fputc('\n', stderr);				\
		}							\
	} while (0)

/* Expect an exact error line. */
#define CHECK_ERR(got, want)						\
	CHECK(strcmp((got), (want)) == 0, "expected error \"%s\", got \"%s\"", \
	      (want), (got))

/* Expect an error line that contains `part`. */
#define CHECK_ERR_HAS(got, part)					\
	CHECK(strstr((got), (part)) != NULL,				\
	      "expected error containing \"%s\", got \"%s\"", (part), (got))

static inline const char *fixture(const char *name)
{
	static char bufs[8][512];
	static int next;
	const char *root = getenv("TINYSKEL_SRC");
	char *b = bufs[next++ % 8];

	snprintf(b, sizeof(bufs[0]), "%s/tests/fixtures/keys/%s",
		 root && *root ? root : ".", name);
	return b;
}

static inline void hex(const unsigned char *p, size_t len, char *out)
{
	size_t i;

	for (i = 0; i < len; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
	out[2 * len] = 0;
}

static inline int sg_test_done(const char *name)
{
	if (sg_test_failures) {
		fprintf(stderr, "%s: %d of %d checks failed\n", name,
			sg_test_failures, sg_test_checks);
		return 1;
	}
	printf("%s: all %d checks passed\n", name, sg_test_checks);
	return 0;
}

#endif /* SG_TEST_H */
