// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * feat.bpf.c - the BPF side of tests/kernel/{maps,ringbuf,net,uprobe}_test.c:
 * one map of each common type for map_ops, two ring buffers fed from a
 * raw tracepoint (one big, one small enough to overflow), and counters for
 * XDP, tcx ingress/egress, cgroup_skb egress and a uprobe.  Packet programs
 * count only UDP to the test's ports, so stray traffic (ARP, IPv6 ND) in
 * the test's namespaces cannot change a count.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 64); __type(key, __u32); __type(value, __u64); } h SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 8); __type(key, __u32); __type(value, __u64); } a SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 4); __type(key, __u32); __type(value, __u32); } pa SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERCPU_HASH); __uint(max_entries, 16); __type(key, __u32); __type(value, __u64); } ph SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_LRU_HASH); __uint(max_entries, 8); __type(key, __u32); __type(value, __u64); } lru SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 256 * 1024); } events SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 4096); } small SEC(".maps");
/* counts[0] xdp, [1] tcx ingress, [2] tcx egress, [3] cgroup egress, [4] uprobe */
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 8); __type(key, __u32); __type(value, __u64); } counts SEC(".maps");

int producer_tid = -1;   /* .data: set by the test's producer thread */
int use_small = 0;
__u32 discard_every = 0; /* discard records whose seq % N == 0 (0: never) */
__u32 port_base = 0;     /* UDP ports port_base .. port_base+3 are counted */

__u64 produced = 0;
__u64 dropped = 0;

struct event { __u64 seq; };

SEC("raw_tp/sys_enter")
int produce(struct bpf_raw_tracepoint_args *ctx)
{
	struct event *e;
	__u64 seq;

	if ((int)(__u32)bpf_get_current_pid_tgid() != producer_tid || ctx->args[1] != 110 /* getppid, x86-64 */)
		return 0;
	seq = __sync_fetch_and_add(&produced, 1);
	e = use_small ? bpf_ringbuf_reserve(&small, sizeof(*e), 0) : bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		__sync_fetch_and_add(&dropped, 1);
		return 0;
	}
	e->seq = seq;
	if (discard_every && seq % discard_every == 0)
		bpf_ringbuf_discard(e, 0);
	else
		bpf_ringbuf_submit(e, 0);
	return 0;
}

static void bump(__u32 slot)
{
	__u64 *v = bpf_map_lookup_elem(&counts, &slot);

	if (v)
		__sync_fetch_and_add(v, 1);
}

/* UDP destination port of an IPv4 packet whose IP header is at `off`; 0 if not UDP. */
static int udp_dport_skb(struct __sk_buff *skb, __u32 off)
{
	struct iphdr ip;
	struct udphdr udp;

	if (bpf_skb_load_bytes(skb, off, &ip, sizeof(ip)) || ip.version != 4 || ip.protocol != IPPROTO_UDP)
		return 0;
	if (bpf_skb_load_bytes(skb, off + ip.ihl * 4, &udp, sizeof(udp)))
		return 0;
	return bpf_ntohs(udp.dest);
}

SEC("xdp")
int count_xdp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	struct udphdr *udp;

	if ((void *)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP) || ip->protocol != IPPROTO_UDP ||
	    ip->ihl != 5)
		return XDP_PASS;
	udp = (void *)(ip + 1);
	if ((void *)(udp + 1) <= end && bpf_ntohs(udp->dest) == port_base)
		bump(0);
	return XDP_PASS;
}

SEC("tc")
int count_tc_in(struct __sk_buff *skb)
{
	if (skb->protocol == bpf_htons(ETH_P_IP) && udp_dport_skb(skb, sizeof(struct ethhdr)) == (int)port_base)
		bump(1);
	return 0; /* TCX_NEXT */
}

SEC("tc")
int count_tc_eg(struct __sk_buff *skb)
{
	if (skb->protocol == bpf_htons(ETH_P_IP) && udp_dport_skb(skb, sizeof(struct ethhdr)) == (int)port_base)
		bump(2);
	return 0;
}

SEC("cgroup_skb/egress")
int count_cg(struct __sk_buff *skb)
{
	if (udp_dport_skb(skb, 0) == (int)port_base + 1)
		bump(3);
	return 1; /* allow */
}

SEC("uprobe")
int count_uprobe(void *ctx)
{
	bump(4);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
