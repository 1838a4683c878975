// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * counter - load counter.bpf.o's light skeleton, count N getppid() calls
 * of this process, and check the count is exact.
 *
 *   counter [N [require|allow]]   exit 0 when every count matches
 *
 * The optional policy overrides the build's Kconfig choice for this load:
 * "require" refuses unless the kernel verifies the header's signature,
 * "allow" loads unsigned where the kernel cannot verify (and says so).
 *
 * Uses the bpftool-compatible API (counter__open/load/attach/destroy) plus
 * skel->result, which says how the skeleton was loaded.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "counter.lskel.h"

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 10, i;
	struct tinyskel_opts opts = { .sz = sizeof(opts) };
	struct counter *skel;
	uint32_t key;
	int err, ok;

	skel = counter__open();
	if (!skel) {
		perror("counter__open");
		return 1;
	}
	/* Run-time settings go in .data: a signed load takes .rodata only
	 * from the signed header (and refuses a changed one). */
	skel->data->target_pid = getpid();
	skel->data->target_syscall = SYS_getppid;

	if (argc > 2)
		opts.policy = !strcmp(argv[2], "require") ? TINYSKEL_POLICY_REQUIRE_SIGNED
							   : TINYSKEL_POLICY_ALLOW_UNSIGNED;
	err = counter__load_opts(skel, &opts);
	printf("load: %s (scheme %s)\n", err ? strerror(-err) : "ok",
	       tinyskel_scheme_name(skel->result.scheme));
	if (err) {
		printf("  step %s: %s%s%s\n", tinyskel_step_name(skel->result.step), skel->result.reason,
		       skel->result.name ? ": " : "", skel->result.name ? skel->result.name : "");
		counter__destroy(skel);
		return 1;
	}
	printf("  %s\n", skel->result.reason);
	err = counter__attach(skel);
	if (err) {
		printf("attach: %s\n", strerror(errno)); /* foo__attach: -1 and errno, as bpftool */
		counter__destroy(skel);
		return 1;
	}

	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	skel->data->enabled = 0;
	for (i = 0; i < 3; i++)
		syscall(SYS_getppid);

	{
		uint64_t counted = 0, while_off = 0;
		union { uint32_t k; } u;
		/* Read the array map through the raw bpf(2) wrapper-free path:
		 * BPF_MAP_LOOKUP_ELEM is the app's business, not the loader's. */
		struct { uint32_t map_fd, pad; uint64_t key, value, flags; } attr;

		for (key = 0; key < 2; key++) {
			memset(&attr, 0, sizeof(attr));
			u.k = key;
			attr.map_fd = (uint32_t)skel->maps.counts.map_fd;
			attr.key = (uint64_t)(uintptr_t)&u.k;
			attr.value = (uint64_t)(uintptr_t)(key ? &while_off : &counted);
			if (syscall(__NR_bpf, 1 /* BPF_MAP_LOOKUP_ELEM */, &attr, sizeof(attr)) < 0)
				perror("lookup");
		}
		ok = counted == (uint64_t)n && while_off == 3 && skel->bss->hits == n && skel->bss->last_seen;
		printf("getppid x%ld: map %llu, bss.hits %lld, while disabled %llu -> %s\n", n,
		       (unsigned long long)counted, (long long)skel->bss->hits,
		       (unsigned long long)while_off, ok ? "exact" : "MISMATCH");
	}
	counter__destroy(skel);
	return ok ? 0 : 1;
}
