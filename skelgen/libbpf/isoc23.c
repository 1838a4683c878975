/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * isoc23.c - linked into skelgen only with a libbpf.a from a newer Debian
 * (SKELGEN_LIBBPF, scripts/fetch-libbpf.sh).  That archive was compiled
 * against glibc >= 2.38, whose headers route sscanf/fscanf/strtoull to
 * their C23 entry points (__isoc23_*: they also accept "0b" binary input).
 * Debian 12's glibc 2.36 has no such symbols.  libbpf's formats and
 * numbers never use binary, so the classic functions do the same work.
 * Where glibc has them, these definitions in the executable take their
 * place with the same meaning for every input libbpf passes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

int __isoc23_sscanf(const char *s, const char *fmt, ...);
int __isoc23_fscanf(FILE *f, const char *fmt, ...);
unsigned long long __isoc23_strtoull(const char *s, char **end, int base);

int __isoc23_sscanf(const char *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsscanf(s, fmt, ap);
	va_end(ap);
	return n;
}

int __isoc23_fscanf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfscanf(f, fmt, ap);
	va_end(ap);
	return n;
}

unsigned long long __isoc23_strtoull(const char *s, char **end, int base)
{
	return strtoull(s, end, base);
}
