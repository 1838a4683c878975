// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* probe.bpf.c - a third-party object for the bpftool compatibility test:
 * hash and array maps, struct and array globals in all three sections, two
 * raw tracepoints.  Written the way people write them for bpftool. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "probe.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} per_nr SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct event_stats);
} slots SEC(".maps");

const volatile __u32 my_pid = 0;
const volatile long watched[2] = { -1, -1 };

__u32 sample_every = 1;
char tag[8] = "compat";

struct event_stats enter_stats;
long exits;

SEC("raw_tp/sys_enter")
int on_enter(struct bpf_raw_tracepoint_args *ctx)
{
	long nr = (long)ctx->args[1];
	__u32 key = (__u32)nr, slot;
	__u64 one = 1, *v;

	if ((__u32)(bpf_get_current_pid_tgid() >> 32) != my_pid || (nr != watched[0] && nr != watched[1]))
		return 0;
	v = bpf_map_lookup_elem(&per_nr, &key);
	if (v)
		__sync_fetch_and_add(v, 1);
	else
		bpf_map_update_elem(&per_nr, &key, &one, BPF_NOEXIST);
	slot = nr == watched[0] ? 0 : 1;
	struct event_stats *s = bpf_map_lookup_elem(&slots, &slot);
	if (s) {
		s->calls++;
		s->last_nr = (__u32)nr;
	}
	enter_stats.calls += sample_every;
	enter_stats.last_nr = (__u32)nr;
	tag[7] = 'E';
	return 0;
}

SEC("raw_tp/sys_exit")
int on_exit(struct bpf_raw_tracepoint_args *ctx)
{
	if ((__u32)(bpf_get_current_pid_tgid() >> 32) == my_pid)
		exits++;
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
