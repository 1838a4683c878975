// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * kcount - count this process's vfs_write() calls with a kprobe and a
 * kretprobe, both attached by tinyskel (kcount__attach).
 *
 *   kcount [N]      exit 0 when both counts are exact; exit 2 when the
 *                   kernel has no kprobes (CONFIG_KPROBES off)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* bpftool's NAME__attach() leaves tracepoint/ and kprobe/ programs to the app;
 * this app wants tinyskel to attach them (tinyskel_lskel.h). */
#define TINYSKEL_ATTACH_ALL
#include "kcount.lskel.h"

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 10, i;
	struct kcount *skel;
	int pfd[2], err, ok;

	/* Writes into a pipe: vfs_write without needing /dev in a tiny initramfs. */
	skel = kcount__open();
	if (pipe(pfd) || !skel) {
		perror("kcount");
		return 1;
	}
	skel->data->target_pid = getpid();
	err = kcount__load(skel);
	if (err) {
		printf("load: %s: step %s: %s\n", strerror(-err), tinyskel_step_name(skel->result.step),
		       skel->result.reason);
		kcount__destroy(skel);
		return 1;
	}
	printf("load: ok (scheme %s)\n", tinyskel_scheme_name(skel->result.scheme));
	err = kcount__attach(skel);
	if (err) {
		err = -errno; /* before destroy, which may change errno */
		printf("attach kprobe/vfs_write: %s%s\n", strerror(-err),
		       err == -ENOENT ? " (no kprobe PMU: kernel without CONFIG_KPROBES?)" : "");
		kcount__destroy(skel);
		return err == -ENOENT ? 2 : 1;
	}
	for (i = 0; i < n; i++)
		if (write(pfd[1], "x", 1) != 1)
			perror("write");
	kcount__detach(skel);
	ok = skel->bss->entries == n && skel->bss->returns == n;
	printf("vfs_write x%ld: kprobe %lld, kretprobe %lld -> %s\n", n, (long long)skel->bss->entries,
	       (long long)skel->bss->returns, ok ? "exact" : "MISMATCH");
	kcount__destroy(skel);
	close(pfd[0]);
	close(pfd[1]);
	return ok ? 0 : 1;
}
