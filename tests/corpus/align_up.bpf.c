// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Sections of 1, 2, 4, 8, 12, 16, 3 bytes in ascending order of size, each
 * with its own alignment; storage for every one must be accepted. */
#include "corpus.h"
char s1 SEC(".data.s1") = 1;
short s2 SEC(".data.s2") = 2;
int s4 SEC(".data.s4") = 4;
__u64 s8 SEC(".data.s8") = 8;
int s12[3] SEC(".data.s12") = { 12, 12, 12 };
__u64 s16[2] SEC(".data.s16") = { 16, 16 };
char s3[3] SEC(".data.s3") = { 3, 3, 3 };
TRIGGER(s1++; s2++; s4++; s8++; s12[2]++; s16[1]++; s3[2]++)
