// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* char/bool/enum/typedef/pointer members and long: the type spellings apps
 * written for bpftool's header rely on. */
#include "corpus.h"
typedef __u32 u32;
typedef unsigned long size_t_bpf;
enum color { RED, GREEN = 7 };
enum neg { MINUS = -1, PLUS = 1 };
char name[16] = "corpus";
unsigned char uc = 200;
signed char sc = -5;
_Bool flag = 1;
enum color col = GREEN;
enum neg sign = MINUS;
__u64 u64v = 1ULL << 40;
__s64 s64v = -2;
u32 u32v = 3;
size_t_bpf sz = 4;
long lg = -6;
unsigned long ul = 7;
long long ll = 8;
void *ptr;
int *iptr;
struct opaque *op; /* never defined: bpftool spells it struct opaque * */
char **argvp;
TRIGGER(u64v++; lg--; ul++; u32v++; name[0] = 'C'; flag = !flag; col = RED; ptr = (void *)0x1234)
