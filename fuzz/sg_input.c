// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* sg_input.c - sg_read_file() from memory for FUZZ_INPUT_PATH (see fuzz.h). */
#include "fuzz.h"

#include <string.h>

#include "sign/crypto.h"

#ifndef FUZZ_TOP
#define FUZZ_TOP "."
#endif

static const uint8_t *input;
static size_t input_len;

void fuzz_set_input(const uint8_t *data, size_t len)
{
	input = data;
	input_len = len;
}

const char *fuzz_fixture(const char *name)
{
	static char path[4096];
	const char *top = getenv("TINYSKEL_SRC");

	snprintf(path, sizeof(path), "%s/tests/fixtures/keys/%s",
		 top && *top ? top : FUZZ_TOP, name);
	return path;
}

int __real_sg_read_file(const char *path, uint8_t **data, size_t *len,
			char err[SG_ERR_MAX]);
int __wrap_sg_read_file(const char *path, uint8_t **data, size_t *len,
			char err[SG_ERR_MAX]);

/* Same contract as file.c's: malloc'd, NUL-terminated, empty refused. */
int __wrap_sg_read_file(const char *path, uint8_t **data, size_t *len,
			char err[SG_ERR_MAX])
{
	uint8_t *buf;

	if (strcmp(path, FUZZ_INPUT_PATH) != 0)
		return __real_sg_read_file(path, data, len, err);
	if (input_len == 0) {
		sg_err(err, path, "empty file");
		return -1;
	}
	buf = malloc(input_len + 1);
	if (!buf) {
		sg_err(err, path, "out of memory");
		return -1;
	}
	memcpy(buf, input, input_len);
	buf[input_len] = 0;
	*data = buf;
	*len = input_len;
	return 0;
}
