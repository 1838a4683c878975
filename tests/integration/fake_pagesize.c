// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * fake_pagesize.so - LD_PRELOAD'ed into skelgen by tests/integration/cmake.sh
 * so the build host looks like a 64 KiB-page machine (arm64/ppc64 build
 * servers).  bpftool baked the host's page size into light skeletons; a
 * header must come out byte-identical whatever page size the host has.
 * FAKE_PAGESIZE (default 65536) is what every page-size query answers.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <unistd.h>

static long fake(void)
{
	const char *s = getenv("FAKE_PAGESIZE");

	return s ? strtol(s, NULL, 10) : 65536;
}

long sysconf(int name)
{
	long (*real)(int) = (long (*)(int))dlsym(RTLD_NEXT, "sysconf");

	if (name == _SC_PAGESIZE)
		return fake();
	return real ? real(name) : -1;
}

int getpagesize(void)
{
	return (int)fake();
}

unsigned long getauxval(unsigned long type)
{
	unsigned long (*real)(unsigned long) = (unsigned long (*)(unsigned long))dlsym(RTLD_NEXT, "getauxval");

	if (type == AT_PAGESZ)
		return (unsigned long)fake();
	return real ? real(type) : 0;
}
