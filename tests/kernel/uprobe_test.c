/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * uprobe_test.c - uprobe and uretprobe on a function of this test binary,
 * found by uprobe_elf.c's reader, counted exactly by the real kernel; the
 * offset checked against nm's address and readelf's segments.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "proc_fds.h"
#include "feat.lskel.h"

__attribute__((noinline, used)) int tsk_uprobe_target(int x)
{
	__asm__ volatile("" ::: "memory");
	return x + 1;
}

/* nm's address and readelf's PT_LOAD segments -> the file offset, or 0. */
static unsigned long long oracle_offset(const char *exe)
{
	char cmd[1200], line[512];
	unsigned long long addr = 0, off, va, fsz, result = 0;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "nm '%s' | awk '$3 == \"tsk_uprobe_target\" {print $1}'", exe);
	if ((f = popen(cmd, "r")) && fgets(line, sizeof(line), f))
		addr = strtoull(line, NULL, 16);
	if (f)
		pclose(f);
	snprintf(cmd, sizeof(cmd), "readelf -lW '%s' | awk '$1 == \"LOAD\" {print $2, $3, $5}'", exe);
	if (!(f = popen(cmd, "r")))
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx %llx %llx", &off, &va, &fsz) == 3 && addr >= va && addr < va + fsz)
			result = addr - va + off;
	pclose(f);
	return result;
}

int main(void)
{
	struct tinyskel_result res;
	struct feat *skel;
	char exe[512];
	uint64_t off = 0, v = 0;
	uint32_t slot = 4;
	int fds, link, ret_link, i, sum = 0, extra_fds[2];
	struct tinyskel_links extra = TINYSKEL_LINKS(extra_fds);
	ssize_t n;

	if (geteuid() != 0) {
		printf("needs root to load BPF programs\n");
		return 77;
	}
	if (access("/sys/bus/event_source/devices/uprobe/type", R_OK)) {
		printf("kernel without the uprobe PMU\n");
		return 77;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return 1;
	exe[n] = '\0';

	check_ctx = "elf reader";
	CHECK_INT(tinyskel_elf_func_offset(exe, "tsk_uprobe_target", &off), 0);
	if (!access("/usr/bin/nm", X_OK) && !access("/usr/bin/readelf", X_OK))
		CHECK_INT(off, oracle_offset(exe));
	CHECK_INT(tinyskel_elf_func_offset(exe, "no_such_function_here", &off), -ENOENT);
	CHECK_INT(tinyskel_elf_func_offset("/proc/self/status", "main", &off), -ENOEXEC);
	CHECK_INT(tinyskel_elf_func_offset("/nonexistent/bin", "main", &off), -ENOENT);
	/* .dynsym of a shared library (libc is stripped of .symtab) */
	CHECK_INT(tinyskel_elf_func_offset("/lib/x86_64-linux-gnu/libc.so.6", "getpid", &off), 0);

	fds = count_fds();
	skel = feat__open_and_load();
	if (!skel)
		return 1;
	check_ctx = "uprobe";
	link = tinyskel_attach_uprobe(&feat__info_desc, skel, 5, exe, "tsk_uprobe_target", getpid(), 0, &res);
	CHECK(link > 0);
	if (link < 0)
		printf("uprobe: %s (%d)\n", res.reason, link);
	CHECK_INT(skel->links.count_uprobe_fd, link);
	for (i = 0; i < 1234; i++)
		sum += tsk_uprobe_target(i);
	CHECK_INT(tinyskel_map_lookup(skel->maps.counts.map_fd, &slot, &v), 0);
	CHECK_INT(v, 1234);

	check_ctx = "uretprobe (a second, caller-owned link)";
	tinyskel_elf_func_offset(exe, "tsk_uprobe_target", &off);
	ret_link = tinyskel_links_add(&extra, tinyskel_link_uprobe(skel->progs.count_uprobe.prog_fd, exe, off,
								   getpid(), 1));
	CHECK(ret_link > 0);
	CHECK_INT(extra.n, 1);
	for (i = 0; i < 10; i++)
		sum += tsk_uprobe_target(i);
	CHECK_INT(tinyskel_map_lookup(skel->maps.counts.map_fd, &slot, &v), 0);
	CHECK_INT(v, 1234 + 2 * 10);
	tinyskel_links_close(&extra); /* beside feat__destroy, for links beyond the slots */
	CHECK_INT(extra.n, 0);

	check_ctx = "refusals";
	CHECK_INT(tinyskel_attach_uprobe(&feat__info_desc, skel, 5, exe, "tsk_uprobe_target", 0, 0, &res), -EBUSY);
	feat__detach(skel);
	CHECK_INT(tinyskel_attach_uprobe(&feat__info_desc, skel, 5, exe, "nope_nope", 0, 0, &res), -ENOENT);
	CHECK(strstr(res.reason, "uprobe attach") != NULL);
	feat__destroy(skel);
	check_ctx = "fds";
	CHECK_INT(count_fds(), fds);
	printf("uprobe 1234 calls, uretprobe 10: exact (sum %d)\n", sum);
	return check_exit();
}
