// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* String literals and bpf_printk: compiler-made .rodata.str1.1 sections
 * (no DATASEC in BTF, bpftool still maps them) and static format strings. */
#include "corpus.h"
char buf[16];
int n;
TRIGGER(bpf_printk("corpus %d", n); __builtin_memcpy(buf, "literal-string", 15); n++)
