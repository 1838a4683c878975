/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * isolate.h - run the part of skelgen that reads the object (libbpf, the
 * BTF walker) in a child process.  libbpf 1.1.2 crashes on some malformed
 * objects (a changed byte in .BTF: SIGSEGV in bpf_object__open_mem); in a
 * child that is one error line, not a dead skelgen, and never an output.
 */
#ifndef SKELGEN_ISOLATE_H
#define SKELGEN_ISOLATE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* fn's result: 0 after writing its bytes to `out`, or -1 with err set. */
typedef int (*sg_isolated_fn)(void *arg, FILE *out, char *err, size_t errlen);

/* Run fn in a child killed after timeout_s seconds.  0 and *buf (malloc'd),
 * *len: what fn wrote.  -1 and err: fn's error, or "<what>: ..." naming the
 * signal that ended the child or the timeout. */
int sg_isolate(sg_isolated_fn fn, void *arg, const char *what, unsigned timeout_s, uint8_t **buf, size_t *len,
	       char *err, size_t errlen);

#endif /* SKELGEN_ISOLATE_H */
