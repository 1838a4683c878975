// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * tpcount - count this process's getpid() calls on the
 * syscalls/sys_enter_getpid tracepoint, with no heap at all: the skeleton
 * lives in static storage (tpcount__init / tpcount__deinit).
 *
 *   tpcount [N]      exit 0 when the count is exact
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* bpftool's NAME__attach() leaves tracepoint/ and kprobe/ programs to the app;
 * this app wants tinyskel to attach them (tinyskel_lskel.h). */
#define TINYSKEL_ATTACH_ALL
#include "tpcount.lskel.h"

static struct tpcount skel; /* no heap */

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 10, i;
	int err;

	if (tpcount__init(&skel)) {
		printf("tpcount: corrupted skeleton header\n");
		return 1;
	}
	skel.data->target_pid = getpid();
	err = tpcount__load(&skel);
	if (err) {
		printf("load: %s: step %s: %s\n", strerror(-err), tinyskel_step_name(skel.result.step),
		       skel.result.reason);
		return 1;
	}
	printf("load: ok (scheme %s)\n", tinyskel_scheme_name(skel.result.scheme));
	err = tpcount__attach(&skel);
	if (err) {
		err = -errno; /* before destroy, which may change errno */
		printf("attach tracepoint/syscalls/sys_enter_getpid: %s%s\n", strerror(-err),
		       err == -ENOENT ? " (is tracefs mounted? mount -t tracefs nodev /sys/kernel/tracing)" : "");
		tpcount__deinit(&skel);
		return 1;
	}
	for (i = 0; i < n; i++)
		syscall(SYS_getpid);
	tpcount__detach(&skel);
	syscall(SYS_getpid); /* detached: must not count */
	printf("getpid x%ld: counted %lld -> %s\n", n, (long long)skel.bss->getpid_calls,
	       skel.bss->getpid_calls == n ? "exact" : "MISMATCH");
	err = skel.bss->getpid_calls == n ? 0 : 1;
	tpcount__deinit(&skel);
	return err;
}
