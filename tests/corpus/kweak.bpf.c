// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* __weak __kconfig externs the device's .config does not set (libbpf gives
 * them 0: bcc's tools test CONFIG_PREEMPT_RT, the selftests
 * CONFIG_X86_KERNEL_IBT), next to one it sets. */
#include "corpus.h"
#define __kconfig __attribute__((section(".kconfig")))
extern _Bool CONFIG_TINYSKEL_NEVER_SET __kconfig __weak;
extern int CONFIG_TINYSKEL_NEVER_SET_INT __kconfig __weak;
extern int CONFIG_HZ __kconfig __weak;
int seen_never, seen_never_int, seen_hz;
TRIGGER(seen_never = CONFIG_TINYSKEL_NEVER_SET + 5; seen_never_int = CONFIG_TINYSKEL_NEVER_SET_INT + 7; seen_hz = CONFIG_HZ)
