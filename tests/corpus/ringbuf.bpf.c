// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A ring buffer producer with a struct event. */
#include "corpus.h"
struct event { __u32 pid; char comm[16]; };
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 4096); } events SEC(".maps");
long dropped;
TRIGGER(struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) { dropped++; return 0; } e->pid = target_pid; bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_ringbuf_submit(e, 0))
