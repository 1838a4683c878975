// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Names real objects use that a C header takes but a C++ one may not:
 * maps starting with __ (libbpf's own usdt.bpf.h has __bpf_usdt_specs,
 * the selftests __cgrps_kfunc_map) and a program called `and` (a C++
 * alternative token).  bpftool's header compiles in C; so must ours, and
 * the C++ build must stop at a message naming the program. */
#include "corpus.h"
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} __cgrps_kfunc_map SEC(".maps");
__u64 exits;

SEC("raw_tp/sys_exit") int and(void *ctx)
{
	__u32 k = 0;
	__u64 *v;

	(void)ctx;
	if ((__u32)(bpf_get_current_pid_tgid() >> 32) != target_pid)
		return 0;
	v = bpf_map_lookup_elem(&__cgrps_kfunc_map, &k);
	if (v)
		exits = ++*v;
	return 0;
}
TRIGGER(exits += 0)
