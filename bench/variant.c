// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * variant.c - one skeleton (BENCH_HEADER, named BENCH_NAME) as a variant of
 * the in-process loop; compiled once per skeleton, all linked into one
 * binary (each header in its own translation unit, so they never clash).
 */
#define _GNU_SOURCE
#include <errno.h> /* first: bpf/skel_internal.h needs it */
#include <stdlib.h>

#include "loop.h"

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define SKEL(f) CAT(BENCH_NAME, f)

#include BENCH_HEADER

static void *load(int *err)
{
	struct BENCH_NAME *s = SKEL(__open)();

	if (!s) {
		*err = -ENOMEM;
		return NULL;
	}
	*err = SKEL(__load)(s);
	if (*err) {
		SKEL(__destroy)(s);
		return NULL;
	}
	return s;
}

static int attach(void *s)
{
	return SKEL(__attach)((struct BENCH_NAME *)s);
}

static void down(void *s)
{
	SKEL(__destroy)((struct BENCH_NAME *)s);
}

__attribute__((constructor)) static void reg(void)
{
	bench_register(BENCH_LABEL, load, attach, down);
}
