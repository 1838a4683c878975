// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * app.c - an application written for bpftool's light skeleton of probe.bpf.o
 * (`bpftool gen skeleton -L probe.bpf.o name probe`).  The compatibility test
 * compiles it unchanged against skelgen's header + libtinyskel.a too, and
 * compares what both print.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/bpf.h>

#include "probe.h"
#include "probe.lskel.h"

static int lookup(int fd, const void *key, void *value)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = (unsigned long)key;
	attr.value = (unsigned long)value;
	return syscall(__NR_bpf, BPF_MAP_LOOKUP_ELEM, &attr, sizeof(attr));
}

int main(void)
{
	struct probe *skel;
	__u32 nr, slot;
	__u64 count;
	int i, err;

	skel = probe__open();
	if (!skel) {
		printf("open failed: %s\n", strerror(errno));
		return 1;
	}
	skel->rodata->my_pid = getpid();
	skel->rodata->watched[0] = SYS_getppid;
	skel->rodata->watched[1] = SYS_getuid;
	skel->data->sample_every = 2;
	err = probe__load(skel);
	if (err) {
		printf("load failed: %d\n", err);
		probe__destroy(skel);
		return 1;
	}
	err = probe__attach(skel);
	if (err) {
		printf("attach failed: %d\n", err);
		probe__destroy(skel);
		return 1;
	}
	for (i = 0; i < 11; i++)
		syscall(SYS_getppid);
	for (i = 0; i < 4; i++)
		syscall(SYS_getuid);
	probe__detach(skel);

	printf("tag=%s sample_every=%u\n", skel->data->tag, skel->data->sample_every);
	printf("enter_stats.calls=%llu last_nr_is_getuid=%d\n", (unsigned long long)skel->bss->enter_stats.calls,
	       skel->bss->enter_stats.last_nr == SYS_getuid);
	printf("exits_positive=%d\n", skel->bss->exits > 0);
	nr = SYS_getppid;
	count = 0;
	printf("per_nr[getppid]=%llu (lookup %d)\n",
	       (unsigned long long)(lookup(skel->maps.per_nr.map_fd, &nr, &count) ? 0 : count), 0);
	nr = SYS_getuid;
	count = 0;
	printf("per_nr[getuid]=%llu\n", (unsigned long long)(lookup(skel->maps.per_nr.map_fd, &nr, &count) ? 0 : count));
	for (slot = 0; slot < 2; slot++) {
		struct event_stats s = { 0, 0, 0 };

		lookup(skel->maps.slots.map_fd, &slot, &s);
		printf("slots[%u].calls=%llu\n", slot, (unsigned long long)s.calls);
	}
	printf("rodata.my_pid_ok=%d prog_fds_ok=%d\n", skel->rodata->my_pid == (__u32)getpid(),
	       skel->progs.on_enter.prog_fd > 0 && skel->progs.on_exit.prog_fd > 0);
	probe__destroy(skel);
	return 0;
}
