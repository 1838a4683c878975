/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * noskel.h - the baseline "skeleton": the same API as a light skeleton and
 * no loader at all.  app.c built with it is "the same app without a
 * skeleton"; its size and time are subtracted from every variant.  open()
 * still allocates, as a real app that uses the heap version would.
 */
#ifndef BENCH_NOSKEL_H
#define BENCH_NOSKEL_H

struct BENCH_NAME {
	int fd;
};

/* Unknown to the compiler, so the app's error paths stay in the baseline. */
static volatile int bench_noskel_err;

static inline void SKEL(__init)(struct BENCH_NAME *s) { s->fd = 0; }
static inline void SKEL(__deinit)(struct BENCH_NAME *s) { (void)s; }
static inline struct BENCH_NAME *SKEL(__open)(void) { return calloc(1, sizeof(struct BENCH_NAME)); }
static inline int SKEL(__load)(struct BENCH_NAME *s) { (void)s; return bench_noskel_err; }
static inline int SKEL(__attach)(struct BENCH_NAME *s) { (void)s; return bench_noskel_err; }
static inline void SKEL(__destroy)(struct BENCH_NAME *s) { free(s); }

#endif
