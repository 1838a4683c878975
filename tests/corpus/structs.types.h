/* structs.types.h - the types an app shares with structs.bpf.c, as apps
 * written for bpftool's header define them (bpftool names them). */
#include <linux/types.h>
struct __attribute__((packed)) pk { char c; __u32 u; __u16 h; };
struct outer { char tag; struct pk p; __u64 after; };
struct __attribute__((packed, aligned(4))) pka { char c; __u16 h; };
struct al { char c; int x __attribute__((aligned(16))); };
struct anon { int kind; union { __u32 u32v; __u64 u64v; }; struct { short a, b; }; };
struct bits { unsigned a : 3, b : 5; char c; unsigned d : 12; __u64 e; };
struct elem { __u32 k; __u64 v; };
