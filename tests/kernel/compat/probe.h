/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* probe.h - types shared by probe.bpf.c and its app (bpftool's skeletons
 * name them, so the app must define them before including the skeleton). */
#ifndef PROBE_H
#define PROBE_H
struct event_stats {
	__u64 calls;
	__u32 last_nr;
	__u32 flags;
};
#endif
