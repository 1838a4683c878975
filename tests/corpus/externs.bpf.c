// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* kconfig and ksym externs: the loader fills them; .kconfig is a global
 * map with no skeleton view in bpftool's -L header. */
#include "corpus.h"
extern unsigned int LINUX_KERNEL_VERSION __kconfig;
extern int CONFIG_HZ __kconfig __weak;
extern const void bpf_prog_active __ksym __weak;
__u32 seen_version;
int seen_hz;
__u64 ksym_addr;
TRIGGER(seen_version = LINUX_KERNEL_VERSION; seen_hz = CONFIG_HZ; ksym_addr = (__u64)&bpf_prog_active != 0)
