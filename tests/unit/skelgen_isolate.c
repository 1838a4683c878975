// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* skelgen_isolate.c - skelgen/gen/isolate.c: the worker's bytes come back whole,
 * its error line comes back as it is, and a worker that dies or hangs is
 * one line naming the object; kconfig.c's version parser. */
#define _GNU_SOURCE
#include <signal.h>
#include <unistd.h>

#include "gen/isolate.h"
#include "gen/kconfig.h"
#include "sg_test.h"

#define BIG (1u << 20) /* far more than a pipe holds: the parent must read while the child writes */

static int big(void *arg, FILE *out, char *err, size_t errlen)
{
	size_t i;

	(void)arg, (void)err, (void)errlen;
	for (i = 0; i < BIG; i++)
		fputc((int)(i * 7 % 251), out);
	return 0;
}

static int fails(void *arg, FILE *out, char *err, size_t errlen)
{
	fputs("half an output", out);
	snprintf(err, errlen, "x.bpf.o: %s", (const char *)arg);
	return -1;
}

static int dies(void *arg, FILE *out, char *err, size_t errlen)
{
	(void)arg, (void)out, (void)err, (void)errlen;
	abort(); /* SIGABRT: ASan leaves it alone (it would turn SIGSEGV into exit 1) */
	return 0;
}

static int hangs(void *arg, FILE *out, char *err, size_t errlen)
{
	(void)arg, (void)out, (void)err, (void)errlen;
	for (;;)
		pause();
	return 0;
}

int main(void)
{
	char err[256];
	uint8_t *buf = NULL;
	size_t len = 0, i, bad = 0;

	CHECK(sg_isolate(big, NULL, "x.bpf.o", 10, &buf, &len, err, sizeof(err)) == 0 && len == BIG,
	      "big result: expected %u bytes, got %zu (%s)", BIG, len, err);
	for (i = 0; buf && i < len; i++)
		bad += buf[i] != (uint8_t)(i * 7 % 251);
	CHECK(bad == 0, "big result: %zu bytes differ", bad);
	free(buf);
	buf = NULL;

	CHECK(sg_isolate(fails, "no BPF programs in the object", "x.bpf.o", 10, &buf, &len, err, sizeof(err)) == -1 &&
	      !buf, "failing worker reported success");
	CHECK_ERR(err, "x.bpf.o: no BPF programs in the object");

	CHECK(sg_isolate(dies, NULL, "x.bpf.o", 10, &buf, &len, err, sizeof(err)) == -1 && !buf, "dead worker");
	CHECK_ERR_HAS(err, "x.bpf.o: malformed object: reading it crashed (Aborted");
	CHECK(!strchr(err, '\n'), "two lines: %s", err);

	CHECK(sg_isolate(hangs, NULL, "x.bpf.o", 1, &buf, &len, err, sizeof(err)) == -1 && !buf, "hung worker");
	CHECK_ERR(err, "x.bpf.o: gave up after 1 s reading the object (malformed object?)");

	CHECK(sg_kconfig_parse_version("6.1.55") == ((6u << 16) | (1u << 8) | 55), "6.1.55");
	CHECK(sg_kconfig_parse_version("5.15.300") == ((5u << 16) | (15u << 8) | 255), "patch capped at 255");
	CHECK(!sg_kconfig_parse_version("6.1") && !sg_kconfig_parse_version("6.1.2x") &&
	      !sg_kconfig_parse_version("256.1.1") && !sg_kconfig_parse_version("0.0.0") &&
	      !sg_kconfig_parse_version(""), "malformed versions accepted");
	return sg_test_done("skelgen_isolate");
}
