// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* long, unsigned long and pointers in BPF data are 64-bit; on armv7 the
 * header must keep that layout (checked by the armv7 cross test too). */
#include "corpus.h"
struct rec { char c; long l; unsigned long ul; void *p; int after; };
char c0 = 1;
long l1 = -1;
int i2 = 2;
unsigned long ul3 = 3;
struct rec r = { 4, -5, 6, 0, 7 };
long arr[3] = { 8, 9, 10 };
TRIGGER(l1--; ul3++; r.l--; r.after++; arr[2]++)
