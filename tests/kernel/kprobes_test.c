/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * kprobes_test.c - ksyscall/, kretsyscall/ and kprobe.multi/ attached with
 * tinyskel_attach_ksyscall/_kprobe_multi, counting this process's getppid()
 * and getpid() calls exactly.
 *
 * Where the kernel has no kprobes (this project's host kernel), what is
 * proven is the refusal: a negative errno, a reason naming the op, no fd
 * left.  tests/kernel/vm_kprobes.sh runs this same program, built static
 * with musl, as a guest of kernels with kprobes: the 6.18 x86-64 VM kernel
 * of shared/kernels, Debian's arm64 and armmp kernels (no fprobe: kprobe.multi
 * is refused there too) and Debian's 6.12 amd64 kernel (fprobe: it counts).
 *
 *   kprobes_test [N]    exit 0 when every count that can be made is exact
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"
#include "proc_fds.h"
#include "kprobes.lskel.h"

int main(int argc, char **argv)
{
	static const char *const syms[] = {
#if defined(__x86_64__)
		"__x64_sys_getppid", "__x64_sys_getpid",
#elif defined(__aarch64__)
		"__arm64_sys_getppid", "__arm64_sys_getpid",
#else
		"sys_getppid", "sys_getpid",
#endif
	};
	struct tinyskel_result res;
	struct kprobes *skel;
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 25, i;
	int fds, link, have_kprobes = access("/sys/bus/event_source/devices/kprobe/type", R_OK) == 0;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (geteuid() != 0) {
		printf("needs root to load BPF programs\n");
		return 77;
	}
	fds = count_fds();
	skel = kprobes__open_and_load();
	if (!skel) {
		printf("kprobes__open_and_load failed\n");
		return 1;
	}
	skel->data->target_tgid = getpid();

	check_ctx = "ksyscall";
	memset(&res, 0, sizeof(res));
	link = tinyskel_attach_ksyscall(&kprobes__info_desc, skel, 0, "getppid", 0, &res);
	if (have_kprobes) {
		CHECK(link > 0);
		if (link > 0)
			CHECK_INT(tinyskel_attach_ksyscall(&kprobes__info_desc, skel, 1, "getppid", 1, &res) > 0, 1);
		else
			printf("ksyscall: %s (%d)\n", res.reason, link);
	} else {
		CHECK(link < 0);
		CHECK(res.reason && strstr(res.reason, "ksyscall attach") != NULL);
		CHECK_INT(skel->links.on_getppid_fd, 0);
		printf("ksyscall refused (no kprobes here): %s (%d)\n", res.reason, link);
	}

	check_ctx = "kprobe.multi";
	memset(&res, 0, sizeof(res));
	link = tinyskel_attach_kprobe_multi(&kprobes__info_desc, skel, 2, syms, 2, 0, &res);
	if (link < 0) {
		/* kernels without CONFIG_FPROBE (the host's, shared/kernels', Debian's 6.1) */
		CHECK(res.reason && strstr(res.reason, "kprobe.multi attach") != NULL);
		CHECK_INT(skel->links.on_getp_multi_fd, 0);
		printf("kprobe.multi refused: %s (%d)\n", res.reason, link);
	}

	for (i = 0; i < n; i++) {
		syscall(SYS_getppid);
		syscall(SYS_getpid);
	}
	check_ctx = "counts";
	if (skel->links.on_getppid_fd > 0) {
		CHECK_INT(skel->bss->ksys_hits, n);
		CHECK_INT(skel->bss->kret_hits, n);
		printf("ksyscall getppid x%ld: entry %llu, return %llu -> %s\n", n,
		       (unsigned long long)skel->bss->ksys_hits, (unsigned long long)skel->bss->kret_hits,
		       skel->bss->ksys_hits == (uint64_t)n && skel->bss->kret_hits == (uint64_t)n ? "exact" : "MISMATCH");
	}
	if (skel->links.on_getp_multi_fd > 0) {
		CHECK_INT(skel->bss->kmulti_hits, 2 * n);
		printf("kprobe.multi getppid+getpid x%ld: %llu -> %s\n", n, (unsigned long long)skel->bss->kmulti_hits,
		       skel->bss->kmulti_hits == (uint64_t)(2 * n) ? "exact" : "MISMATCH");
	}
	kprobes__destroy(skel);
	check_ctx = "fds";
	CHECK_INT(count_fds(), fds);
	return check_exit();
}
