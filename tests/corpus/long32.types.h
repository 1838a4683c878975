/* long32.types.h - the types an app shares with long32.bpf.c. */
struct rec { char c; long l; unsigned long ul; void *p; int after; };
