// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* ringbuf_consumer.c - the shape of the kernel's light-skeleton ring buffer
 * selftest: libbpf's ring_buffer__new() on skel->maps.events.map_fd, in an
 * app that links libbpf and includes <bpf/libbpf.h> next to the skeleton.
 * Built unchanged against bpftool's and skelgen's ringbuf headers; prints
 * how many events of this process arrived and `dropped` (a long). */
#include <errno.h> /* bpftool 7.1's skel_internal.h uses errno without it */
#include <stdio.h>
#include <bpf/libbpf.h>
#include "ringbuf.lskel.h"

static int mine;

static int on_event(void *ctx, void *data, size_t len)
{
	const struct event *e = (const struct event *)data;

	(void)ctx;
	if (len >= sizeof(*e) && e->pid == (__u32)getpid())
		mine++;
	return 0;
}

int main(void)
{
	struct ringbuf *skel = ringbuf__open_and_load();
	struct ring_buffer *rb;
	int i;

	if (!skel) {
		printf("open_and_load: errno %d\n", errno);
		return 1;
	}
	rb = ring_buffer__new(skel->maps.events.map_fd, on_event, NULL, NULL);
	if (!rb) {
		printf("ring_buffer__new: errno %d\n", errno);
		ringbuf__destroy(skel);
		return 2;
	}
	skel->bss->target_pid = (__u32)getpid();
	if (ringbuf__attach(skel)) {
		printf("attach: errno %d\n", errno);
		return 3;
	}
	for (i = 0; i < 7; i++)
		syscall(__NR_getppid);
	ringbuf__detach(skel);
	ring_buffer__consume(rb);
	/* 7 getppid calls + the syscalls between attach and detach's own */
	printf("events of this process: %s, dropped %ld\n", mine >= 7 ? ">= 7" : "too few", skel->bss->dropped);
	ring_buffer__free(rb);
	ringbuf__destroy(skel);
	return mine >= 7 ? 0 : 4;
}
