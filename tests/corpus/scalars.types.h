/* scalars.types.h - the types an app shares with scalars.bpf.c. */
#include <linux/types.h>
typedef __u32 u32;
typedef unsigned long size_t_bpf;
enum color { RED, GREEN = 7 };
enum neg { MINUS = -1, PLUS = 1 };
