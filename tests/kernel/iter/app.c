// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* app.c - tinyskel_iter_open/read over iter/task: the pids the iterator
 * prints are exactly the numeric entries of /proc, read just before and
 * just after (retried while processes come and go between the two).
 * Exit 0 exact; 3 exact but for pid 1 (iter_read.sh asks bpftool). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tasks.lskel.h"

#define MAXP 65536
static unsigned char in_proc[MAXP * 8], in_proc2[MAXP * 8];

static int list_proc(unsigned char *set)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	memset(set, 0, MAXP * 8);
	while (d && (e = readdir(d))) {
		long pid = strtol(e->d_name, NULL, 10);

		if (pid > 0 && pid < MAXP * 8 && strspn(e->d_name, "0123456789") == strlen(e->d_name)) {
			set[pid] = 1;
			n++;
		}
	}
	if (d)
		closedir(d);
	return n;
}

int main(void)
{
	static char buf[1 << 20];
	static struct tasks skel;
	struct tinyskel_result res;
	int attempt;

	if (tasks__init(&skel) || tasks__load(&skel)) {
		printf("load: %s\n", skel.result.reason);
		return 1;
	}
	for (attempt = 0; attempt < 50; attempt++) {
		int fd, nproc = list_proc(in_proc), nit = 0, bad = 0, nproc2;
		size_t len = 0;
		long n;
		char *p, *end;

		fd = tinyskel_iter_open(&tasks__info_desc, &skel, 0, &res);
		if (fd < 3) {
			printf("iter open: %d %s\n", fd, res.reason);
			return 1;
		}
		while ((n = tinyskel_iter_read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
			len += (size_t)n;
		close(fd);
		nproc2 = list_proc(in_proc2);
		if (n < 0) {
			printf("iter read: %ld\n", n);
			return 1;
		}
		if (nproc != nproc2 || memcmp(in_proc, in_proc2, sizeof(in_proc)))
			continue; /* a process came or went: not a fair comparison */
		buf[len] = '\0';
		for (p = buf; *p; p = end + 1) {
			long pid = strtol(p, &end, 10);

			if (*end != '\n' || pid <= 0 || pid >= MAXP * 8 || !in_proc[pid])
				bad++;
			nit++;
			if (!*end)
				break;
		}
		printf("tasks: iterator %d, /proc %d, not in /proc %d (attempt %d)\n", nit, nproc, bad, attempt + 1);
		if (nit != nproc) { /* name the difference */
			for (p = buf; *p; p = end + 1) {
				long pid = strtol(p, &end, 10);

				if (pid > 0 && pid < MAXP * 8)
					in_proc[pid] = 0;
				if (!*end)
					break;
			}
			for (n = 1; n < MAXP * 8; n++)
				if (in_proc[n])
					printf("in /proc, not printed by the iterator: %ld\n", n);
			/* only pid 1 missing: exit 3, the script asks the kernel's
			 * own iterator (bpftool iter pin) whether it skips it too */
			if (!bad && nit + 1 == nproc && in_proc[1]) {
				tasks__deinit(&skel);
				return 3;
			}
		}
		tasks__deinit(&skel);
		return nit == nproc && !bad ? 0 : 1;
	}
	printf("/proc never stood still for one pass\n");
	tasks__deinit(&skel);
	return 77;
}
