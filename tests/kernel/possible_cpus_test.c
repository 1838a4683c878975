/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * possible_cpus_test.c - tinyskel_possible_cpus() reads the whole list
 * (issue 23, item 4).  In a private mount namespace, files bind-mounted
 * over /sys/devices/system/cpu/possible stand for machines this one is
 * not: a sparse list of 200 CPUs (1,000 bytes; the old 255-byte read
 * counted 51, so a per-CPU value buffer sized from it was 408 bytes where
 * the kernel writes 1600), one of 4,096 CPUs past a 4 KiB page, and lists
 * that are not the kernel's (refused, never a count of a prefix).  First,
 * on this machine's own file, the count equals a plain stdio reading.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "check.h"
#include "possible_stdio.h"
#include "tinyskel.h"

#define POSSIBLE "/sys/devices/system/cpu/possible"

static char file[] = "/tmp/tsk-possible.XXXXXX";

/* Put `text` over the possible file (a fresh bind each time) and count. */
static int with(const char *text)
{
	FILE *f = fopen(file, "w");
	int r;

	if (!f || fputs(text, f) < 0 || fclose(f))
		return -1000;
	if (mount(file, POSSIBLE, NULL, MS_BIND, NULL))
		return -1001;
	r = tinyskel_possible_cpus();
	umount(POSSIBLE);
	return r;
}

int main(void)
{
	static char big[64 * 1024];
	size_t n = 0;
	int i, fd;

	if (geteuid() != 0) {
		printf("needs root for a private mount namespace\n");
		return 77;
	}
	check_ctx = "this machine";
	CHECK_INT(tinyskel_possible_cpus(), possible_cpus_stdio(POSSIBLE));
	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL)) {
		printf("cannot make a private mount namespace: %s\n", strerror(errno));
		return 77;
	}
	fd = mkstemp(file);
	if (fd < 0) {
		printf("mkstemp: %s\n", strerror(errno));
		return 1;
	}
	close(fd);

	check_ctx = "200 CPUs, sparse";
	for (i = 0; i < 200; i++)
		n += (size_t)snprintf(big + n, sizeof(big) - n, "%s%d", i ? "," : "", 1000 + 3 * i);
	snprintf(big + n, sizeof(big) - n, "\n");
	printf("list of 200 CPUs: %zu bytes\n", strlen(big));
	CHECK(strlen(big) > 744);
	CHECK_INT(with(big), 200);
	CHECK_INT(tinyskel_percpu_value_size(8, with(big)), 1600);

	check_ctx = "4096 CPUs, longer than a page";
	for (n = 0, i = 0; i < 4096; i++)
		n += (size_t)snprintf(big + n, sizeof(big) - n, "%s%d", i ? "," : "", 2 * i);
	snprintf(big + n, sizeof(big) - n, "\n");
	printf("list of 4096 CPUs: %zu bytes\n", strlen(big));
	CHECK_INT(with(big), 4096);

	check_ctx = "ranges";
	CHECK_INT(with("0-3,8-9,12\n"), 7);
	CHECK_INT(with("0-4095\n"), 4096);

	check_ctx = "not the kernel's list: refused";
	CHECK_INT(with(""), -EINVAL);
	CHECK_INT(with("0-3,x\n"), -EINVAL);
	CHECK_INT(with("0-3,2\n"), -EINVAL);
	CHECK_INT(with("0-70000\n"), -ERANGE);
	big[strlen(big) - 1] = ',';
	strcat(big, "junk\n"); /* far past the first read */
	CHECK_INT(with(big), -EINVAL);

	unlink(file);
	return check_exit();
}
