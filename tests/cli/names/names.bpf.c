// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Names real programs use that a shape rule would refuse: a map in capitals,
 * a global ending in _t, a program starting tsk_, vmlinux.h's bool typedef. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, u32); __type(value, u64); } EVENTS SEC(".maps");
const volatile bool verbose = false;
const volatile pid_t targ_tgid = 0;
u64 start_t;
SEC("raw_tp/sys_enter") int tsk_exit(void *ctx) { u32 k = 0; u64 *v = bpf_map_lookup_elem(&EVENTS, &k); if (v && verbose) (*v)++; start_t = targ_tgid; return 0; }
char LICENSE[] SEC("license") = "GPL";
