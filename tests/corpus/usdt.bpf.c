// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A USDT program through libbpf's own <bpf/usdt.bpf.h>: its maps are
 * __bpf_usdt_specs and __bpf_usdt_ip_to_spec_id (names reserved in C, as
 * libbpf spells them), and skelgen refused every such object. */
#include "corpus.h"
#include "pt_regs.h"
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>
__u64 usdt_hits, usdt_arg;
SEC("usdt") int BPF_USDT(on_probe, long a)
{
	usdt_hits++;
	usdt_arg = a;
	return 0;
}
TRIGGER(usdt_hits += 0)
