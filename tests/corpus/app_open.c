// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* app_open.c - one app source for every corpus object, built unchanged
 * against bpftool's header and skelgen's: open, load, set target_pid,
 * attach, make syscalls, then print every global section's bytes
 * (SECTIONS, from the script: X(bss) X(data) ...) for comparison.
 * -DNAME=obj -DHDR="obj.h".  Exit 0 opened+loaded, 2 open, 3 load, 4 attach. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/syscall.h>
#include HDR

#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define FN(x) CAT(NAME, x)

static void dump(const char *sec, const void *p, size_t n)
{
	const unsigned char *b = (const unsigned char *)p;
	size_t i;

	for (i = 0; i < n; i++)
		printf("%s+%zu=%u\n", sec, i, b[i]);
}

int main(int argc, char **argv)
{
	struct NAME *skel = FN(__open)();
	int i, err;

	(void)argv;
	if (!skel) {
		printf("open failed: errno %d\n", errno);
		return 2;
	}
	if (argc > 1) { /* open only: this kernel cannot load it */
		FN(__destroy)(skel);
		return 0;
	}
	err = FN(__load)(skel);
	if (err) {
		printf("load failed: %d errno %d\n", err, errno);
		FN(__destroy)(skel);
		return 3;
	}
	skel->bss->target_pid = (__u32)getpid();
	if (FN(__attach)(skel) < 0) {
		printf("attach failed: errno %d\n", errno);
		FN(__destroy)(skel);
		return 4;
	}
	for (i = 0; i < 5; i++)
		syscall(SYS_getppid);
	FN(__detach)(skel);
	skel->bss->target_pid = 0;
#define X(sec) dump(#sec, skel->sec, sizeof(*skel->sec));
	SECTIONS
#undef X
	FN(__destroy)(skel);
	return 0;
}
