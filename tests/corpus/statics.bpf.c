// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Static variables among globals in every section (bpftool leaves them out
 * of the skeleton; skelgen emitted them and the header did not compile),
 * and a custom section holding only statics. */
#include "corpus.h"
static int s_bss;
int g_bss;
static int s_data = 5;
int g_data = 6;
static const volatile int s_ro = 7;
const volatile int g_ro = 8;
static __u64 only_static SEC(".data.quiet") = 9;
static __u64 tick;
TRIGGER(s_bss++; g_bss = s_bss + s_ro; s_data++; g_data = s_data + g_ro; only_static++; tick += only_static)
