/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* check.h - the few assertions the C tests use; each failure prints what
 * was expected and what came, with the line, and the test goes on so one
 * run shows every failure.  Exit status: check_exit(). */
#ifndef TINYSKEL_CHECK_H
#define TINYSKEL_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures;
static const char *check_ctx = "";

#define CHECK_INT(got, want)                                                                         \
	do {                                                                                         \
		long long g_ = (long long)(got), w_ = (long long)(want);                             \
		if (g_ != w_) {                                                                      \
			printf("%s:%d: %s%s%s: expected %s = %lld, got %lld\n", __FILE__, __LINE__,  \
			       check_ctx, *check_ctx ? ": " : "", #got, #want, w_, g_);              \
			check_failures++;                                                    \
		}                                                                                    \
	} while (0)

#define CHECK(cond)                                                                                  \
	do {                                                                                         \
		if (!(cond)) {                                                                       \
			printf("%s:%d: %s%sexpected %s\n", __FILE__, __LINE__, check_ctx,           \
			       *check_ctx ? ": " : "", #cond);                                       \
			check_failures++;                                                    \
		}                                                                                    \
	} while (0)

#define CHECK_STR(got, want)                                                                         \
	do {                                                                                         \
		const char *g_ = (got), *w_ = (want);                                                \
		if (!g_ || strcmp(g_, w_)) {                                                         \
			printf("%s:%d: %s%s%s: expected \"%s\", got \"%s\"\n", __FILE__, __LINE__,   \
			       check_ctx, *check_ctx ? ": " : "", #got, w_, g_ ? g_ : "(null)");     \
			check_failures++;                                                    \
		}                                                                                    \
	} while (0)

static inline int check_exit(void)
{
	if (check_failures)
		printf("%d check(s) failed\n", check_failures);
	return check_failures ? 1 : 0;
}

#endif
