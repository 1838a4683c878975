// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * big.bpf.c - the "larger object" of the benchmarks: six raw tracepoint
 * programs, five maps of different types and all three global data
 * sections.  Raw tracepoints only, so that bpftool's light skeleton, libbpf's
 * full skeleton and tinyskel can all auto-attach every program.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} per_pid SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 512);
	__type(key, __u32);
	__type(value, __u64);
} per_syscall SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} last_exec SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} ring SEC(".maps");

const volatile int target_pid = -1;
const volatile __u32 max_syscall = 511;
int enabled = 1;
__u64 switches = 0, forks = 0, exits = 0;

static __always_inline int mine(void)
{
	return target_pid < 0 || (int)(bpf_get_current_pid_tgid() >> 32) == target_pid;
}

static __always_inline void bump(void *map, __u32 key)
{
	__u64 one = 1, *v = bpf_map_lookup_elem(map, &key);

	if (v)
		__sync_fetch_and_add(v, 1);
	else
		bpf_map_update_elem(map, &key, &one, BPF_NOEXIST);
}

SEC("raw_tp/sys_enter")
int on_enter(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 nr = (__u32)ctx->args[1];

	if (!enabled || !mine() || nr > max_syscall)
		return 0;
	bump(&per_syscall, nr);
	bump(&per_pid, (__u32)(bpf_get_current_pid_tgid() >> 32));
	return 0;
}

SEC("raw_tp/sys_exit")
int on_exit(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 key = ctx->args[1] < 0 ? 1 : 0;

	if (enabled && mine())
		bump(&events, key);
	return 0;
}

SEC("raw_tp/sched_switch")
int on_switch(void *ctx)
{
	if (enabled)
		__sync_fetch_and_add(&switches, 1);
	return 0;
}

SEC("raw_tp/sched_process_fork")
int on_fork(void *ctx)
{
	__u32 key = 2;

	if (enabled) {
		__sync_fetch_and_add(&forks, 1);
		bump(&events, key);
	}
	return 0;
}

SEC("raw_tp/sched_process_exec")
int on_exec(void *ctx)
{
	__u32 pid = (__u32)(bpf_get_current_pid_tgid() >> 32);
	__u64 now = bpf_ktime_get_ns();
	__u64 *rec;

	if (!enabled)
		return 0;
	bpf_map_update_elem(&last_exec, &pid, &now, BPF_ANY);
	rec = bpf_ringbuf_reserve(&ring, sizeof(*rec), 0);
	if (rec) {
		*rec = pid;
		bpf_ringbuf_submit(rec, 0);
	}
	return 0;
}

SEC("raw_tp/sched_process_exit")
int on_proc_exit(void *ctx)
{
	__u32 pid = (__u32)(bpf_get_current_pid_tgid() >> 32);

	if (enabled) {
		__sync_fetch_and_add(&exits, 1);
		bpf_map_delete_elem(&last_exec, &pid);
		bpf_map_delete_elem(&per_pid, &pid);
	}
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
