// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* hand_attach.c - an app written for bpftool 7.1's light skeleton: its
 * handtp__attach() and handtp__on_getppid__attach() do not attach
 * tracepoint programs ("auto-attach not supported", return 0), so the app
 * opens the perf event itself, sets the program on it and keeps the fd in
 * the skeleton's link slot for __destroy() to close.  Built unchanged
 * against skelgen's header it must print the same (the kernel refuses the
 * same program twice on one tracepoint with EEXIST). */
#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "handtp.lskel.h"

static int tracepoint_id(const char *cat, const char *name)
{
	char path[256], buf[32];
	int fd, n;

	snprintf(path, sizeof(path), "/sys/kernel/tracing/events/%s/%s/id", cat, name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = (int)read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return atoi(buf);
}

int main(void)
{
	struct perf_event_attr attr;
	struct handtp *skel = handtp__open_and_load();
	int id, pfd, i, ret;

	if (!skel) {
		printf("open_and_load failed: %s\n", strerror(errno));
		return 1;
	}
	skel->bss->target_pid = (__u32)getpid();
	ret = handtp__attach(skel);
	printf("handtp__attach: %d\n", ret);
	ret = handtp__on_getppid__attach(skel);
	printf("handtp__on_getppid__attach: %d\n", ret);
	id = tracepoint_id("syscalls", "sys_enter_getppid");
	if (id < 0) {
		printf("no tracepoint id (tracefs?)\n");
		handtp__destroy(skel);
		return 77;
	}
	memset(&attr, 0, sizeof(attr));
	attr.type = PERF_TYPE_TRACEPOINT;
	attr.size = sizeof(attr);
	attr.config = (__u64)id;
	attr.sample_period = 1;
	attr.wakeup_events = 1;
	pfd = (int)syscall(__NR_perf_event_open, &attr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);
	if (pfd < 0 || ioctl(pfd, PERF_EVENT_IOC_SET_BPF, skel->progs.on_getppid.prog_fd) ||
	    ioctl(pfd, PERF_EVENT_IOC_ENABLE, 0)) {
		printf("hand attach failed: %s\n", strerror(errno));
		handtp__destroy(skel);
		return 1;
	}
	skel->links.on_getppid_fd = pfd;
	printf("hand attach: ok\n");
	for (i = 0; i < 7; i++)
		syscall(SYS_getppid);
	printf("getppid_calls=%llu\n", (unsigned long long)skel->bss->getppid_calls);
	handtp__destroy(skel);
	return 0;
}
