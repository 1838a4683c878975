/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* loop.h - how a variant (variant.c) registers with the in-process loop (loop.c). */
#ifndef BENCH_LOOP_H
#define BENCH_LOOP_H

/* load(): open and load; returns the skeleton or NULL with *err set.
 * attach(): attach its programs, 0 or a negative errno.  down(): destroy. */
void bench_register(const char *label, void *(*load)(int *err), int (*attach)(void *skel),
		    void (*down)(void *skel));

#endif
