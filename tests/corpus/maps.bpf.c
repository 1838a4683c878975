// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Many maps of every common type, map-in-map, a program array.  No static
 * slot initialisers: libbpf 1.1's loader generator cannot fill them. */
#include "corpus.h"
#define MAP(n, t, k, v, e) struct { __uint(type, t); __uint(max_entries, e); __type(key, k); __type(value, v); } n SEC(".maps")
MAP(m_hash, BPF_MAP_TYPE_HASH, __u32, __u64, 16);
MAP(m_array, BPF_MAP_TYPE_ARRAY, __u32, __u64, 4);
MAP(m_pc_hash, BPF_MAP_TYPE_PERCPU_HASH, __u32, __u64, 8);
MAP(m_pc_array, BPF_MAP_TYPE_PERCPU_ARRAY, __u32, __u64, 2);
MAP(m_lru, BPF_MAP_TYPE_LRU_HASH, __u32, __u64, 32);
MAP(m_lru_pc, BPF_MAP_TYPE_LRU_PERCPU_HASH, __u32, __u64, 32);
struct lpm_key { __u32 prefixlen; __u32 addr; };
struct { __uint(type, BPF_MAP_TYPE_LPM_TRIE); __uint(max_entries, 8); __type(key, struct lpm_key);
	 __type(value, __u32); __uint(map_flags, BPF_F_NO_PREALLOC); } m_lpm SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_QUEUE); __uint(max_entries, 8); __type(value, __u32); } m_queue SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_STACK); __uint(max_entries, 8); __type(value, __u32); } m_stack SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_BLOOM_FILTER); __uint(max_entries, 8); __type(value, __u32); } m_bloom SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY); __uint(key_size, 4); __uint(value_size, 4); } m_perf SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 4096); } m_ring SEC(".maps");
struct inner { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u32); } m_inner SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS); __uint(max_entries, 2); __type(key, __u32); __array(values, struct inner); }
	m_outer SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH_OF_MAPS); __uint(max_entries, 2); __type(key, __u32); __array(values, struct inner); }
	m_outer_hash SEC(".maps");
int tail_hit;
SEC("raw_tp/sys_enter") int tail_target(void *ctx)
{
	if ((__u32)(bpf_get_current_pid_tgid() >> 32) == target_pid)
		tail_hit++;
	return 0;
}
struct { __uint(type, BPF_MAP_TYPE_PROG_ARRAY); __uint(max_entries, 2); __uint(key_size, 4); __uint(value_size, 4); }
	m_progs SEC(".maps");
__u64 seen;
TRIGGER(__u32 k = 0; __u64 one = 1, *v; bpf_map_update_elem(&m_hash, &k, &one, BPF_ANY);
	v = bpf_map_lookup_elem(&m_array, &k); if (v) (*v)++; bpf_map_push_elem(&m_queue, &k, 0);
	void *in = bpf_map_lookup_elem(&m_outer, &k); if (in) { __u32 *x = bpf_map_lookup_elem(in, &k); if (x) (*x)++; }
	__u32 *r = bpf_ringbuf_reserve(&m_ring, 4, 0); if (r) { *r = 1; bpf_ringbuf_submit(r, 0); }
	seen++; bpf_tail_call(ctx, &m_progs, 1))
