// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A struct_ops map: libbpf 1.1's loader generator crashes on it, skelgen
 * refuses it by name.  Needs vmlinux.h (made by the test from kernel BTF). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("struct_ops/init")
void BPF_PROG(demo_init, struct sock *sk)
{
}

SEC(".struct_ops")
struct tcp_congestion_ops demo_cc = {
	.init = (void *)demo_init,
	.name = "tinyskel_demo",
};

char LICENSE[] SEC("license") = "GPL";
