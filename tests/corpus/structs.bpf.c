// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Packed, aligned, nested, anonymous structs and unions, bitfields, arrays
 * of structs. */
#include "corpus.h"
struct __attribute__((packed)) pk { char c; __u32 u; __u16 h; };
struct outer { char tag; struct pk p; __u64 after; };
struct __attribute__((packed, aligned(4))) pka { char c; __u16 h; };
struct al { char c; int x __attribute__((aligned(16))); };
struct anon { int kind; union { __u32 u32v; __u64 u64v; }; struct { short a, b; }; };
struct bits { unsigned a : 3, b : 5; char c; unsigned d : 12; __u64 e; };
struct elem { __u32 k; __u64 v; };
struct outer o = { .tag = 1, .p = { 2, 3, 4 }, .after = 5 };
struct pka pa[3];
struct al aligned16;
struct anon an = { .kind = 1, .u64v = 2, .a = 3, .b = 4 };
struct bits bf = { .a = 1, .b = 2, .c = 3, .d = 4, .e = 5 };
struct elem table[4];
char tail;
TRIGGER(o.p.u++; pa[1].h++; aligned16.x++; an.u32v++; an.b++; bf.e++; bf.d++; table[3].v += o.after; tail++)
