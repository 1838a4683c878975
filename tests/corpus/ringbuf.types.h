/* ringbuf.types.h - the types an app shares with ringbuf.bpf.c. */
#include <linux/types.h>
struct event { __u32 pid; char comm[16]; };
