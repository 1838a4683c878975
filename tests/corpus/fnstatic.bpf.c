// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Function-scope statics, as bcc's compat.bpf.h has (reserve_buf's
 * `static char zero[]`): BTF names them "func.var"; they are statics, so
 * they never reach the header, and skelgen once refused the object over
 * their names. */
#include "corpus.h"
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, char[64]);
} heap SEC(".maps");
__u64 reserved;

static __always_inline void *reserve_buf(void)
{
	static char zero[64] = { 0 };
	__u32 zero_idx = 0;

	if (bpf_map_update_elem(&heap, &zero_idx, zero, BPF_ANY))
		return 0;
	return bpf_map_lookup_elem(&heap, &zero_idx);
}

static __always_inline void count(void)
{
	static __u64 calls; /* "count.calls" */

	calls++;
	reserved = calls;
}
TRIGGER(if (reserve_buf()) count())
