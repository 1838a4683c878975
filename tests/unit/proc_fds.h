/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* proc_fds.h - how many fds and mappings this process holds (/proc/self),
 * for the real-kernel tests' "nothing left behind" checks. */
#ifndef TINYSKEL_TEST_PROC_FDS_H
#define TINYSKEL_TEST_PROC_FDS_H

#include <dirent.h>
#include <stdio.h>

static inline int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n; /* includes the fd of the directory being read */
}

static inline int count_maps(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	int n = 0;

	while (f && fgets(line, sizeof(line), f))
		n++;
	if (f)
		fclose(f);
	return n;
}

#endif /* TINYSKEL_TEST_PROC_FDS_H */
