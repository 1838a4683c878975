// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The same sizes in descending and mixed orders, and .rodata.NAME sections
 * between writable ones. */
#include "corpus.h"
__u64 d16[2] SEC(".data.d16") = { 16, 16 };
int d12[3] SEC(".data.d12") = { 12, 12, 12 };
const volatile short r2 SEC(".rodata.r2") = 2;
__u64 d8 SEC(".data.d8") = 8;
const volatile char r1 SEC(".rodata.r1") = 1;
int d4 SEC(".data.d4") = 4;
short d2 SEC(".data.d2") = 2;
char d1 SEC(".data.d1") = 1;
const volatile int r12[3] SEC(".rodata.r12") = { 1, 2, 3 };
TRIGGER(d16[0] += r1; d12[0] += r2; d8 += r12[1]; d4++; d2++; d1++)
