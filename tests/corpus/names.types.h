/* names.types.h - the types an app shares with names.bpf.c. */
struct holder { int new; void *private; struct { int this; } class; };
