/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * fuzz.h - shared by the libFuzzer harnesses in fuzz/ (see docs/fuzz.md).
 *
 * skelgen's key and certificate loaders take a path.  The harnesses link
 * with -Wl,--wrap=sg_read_file: reading FUZZ_INPUT_PATH returns the current
 * fuzz input from memory, every other path reads the real file (fixtures).
 * No product code changes, no temporary files.
 */
#ifndef TINYSKEL_FUZZ_H
#define TINYSKEL_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FUZZ_INPUT_PATH "fuzz-input"

/* The bytes sg_read_file(FUZZ_INPUT_PATH) returns next. */
void fuzz_set_input(const uint8_t *data, size_t len);

/* Path of a file in tests/fixtures/keys (from $TINYSKEL_SRC, else the
 * source tree the harness was built from).  Static buffer. */
const char *fuzz_fixture(const char *name);

/* A property the harness checks failed: print it and abort, so libFuzzer
 * records the input as a crash. */
#define FUZZ_ASSERT(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: property failed: %s: ",	\
				__FILE__, __LINE__, #cond);		\
			fprintf(stderr, __VA_ARGS__);			\
			fputc('\n', stderr);				\
			abort();					\
		}							\
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif /* TINYSKEL_FUZZ_H */
