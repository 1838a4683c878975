/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * tinyskel_lskel.h - what a skelgen header needs besides <tinyskel.h>, and
 * what bpftool's light skeletons give an app for free.
 *
 * Apps written for `bpftool gen skeleton -L` rely on the names its header
 * pulls in through <bpf/skel_internal.h>: __u64 and friends, union bpf_attr,
 * syscall(), mmap(), KEY_SPEC_*, struct bpf_map_desc.  This header gives the
 * same names where the system has them (__has_include) and its own minimal
 * definitions where it does not (no kernel headers, musl, cross sysroots),
 * so one header builds everywhere and an app builds against either tool.
 * Included only by generated headers; the runtime never sees it.
 */
#ifndef TINYSKEL_LSKEL_H
#define TINYSKEL_LSKEL_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <tinyskel.h>

/* What NAME__attach() and NAME__P__attach() attach.  By default what
 * bpftool 7.1's header attaches (raw_tp/, fentry/fexit/fmod_ret/tp_btf/
 * lsm): tracepoint/, kprobe/, kretprobe/ and iter/ programs are skipped
 * (return 0), so an app written for bpftool's header that attaches them
 * itself keeps working (the kernel refuses a program attached twice to one
 * tracepoint with EEXIST).  Define TINYSKEL_ATTACH_ALL before including the
 * header to attach those kinds too (tinyskel_attach() always does). */
#ifdef TINYSKEL_ATTACH_ALL
#define TINYSKEL_ATTACH_MODE 0u
#else
#define TINYSKEL_ATTACH_MODE ((uint32_t)TINYSKEL_ATTACH_BPFTOOL)
#endif

/* bpftool's header brings these through skel_internal.h.  __has_include
 * is used directly: GCC does not expand it from inside another macro. */
#ifdef __has_include
#if __has_include(<unistd.h>)
#include <unistd.h>
#endif
#if __has_include(<sys/syscall.h>)
#include <sys/syscall.h>
#endif
#if __has_include(<sys/mman.h>)
#include <sys/mman.h>
#endif
#if __has_include(<linux/types.h>)
#include <linux/types.h>
#define TSK_HAVE_LINUX_TYPES 1
#endif
#if __has_include(<linux/bpf.h>)
#include <linux/bpf.h>
#define TSK_HAVE_LINUX_BPF 1
#endif
#if __has_include(<linux/keyctl.h>)
#include <linux/keyctl.h>
#endif
/* libbpf's own base header, when it compiles here: it needs <linux/bpf.h>
 * and MAP_ANONYMOUS (absent in strict ISO modes, where an app could not
 * include it either).  Including it first means an app that includes it
 * too (or a bpftool header in the same file) sees one definition. */
#if defined(TSK_HAVE_LINUX_BPF) && defined(MAP_ANONYMOUS) && !defined(TINYSKEL_NO_SKEL_INTERNAL)
#if __has_include(<bpf/skel_internal.h>)
#include <bpf/skel_internal.h>
#endif
#endif
#endif /* __has_include */

/* No kernel headers: the fixed-width names BPF data is spelled with
 * (the same types as <linux/types.h>, so "%llu" fits __u64). */
#ifndef TSK_HAVE_LINUX_TYPES
typedef signed char __s8;
typedef unsigned char __u8;
typedef short __s16;
typedef unsigned short __u16;
typedef int __s32;
typedef unsigned int __u32;
__extension__ typedef long long __s64;
__extension__ typedef unsigned long long __u64;
#endif

/* libbpf's loader-context names, the same layout as struct tinyskel_*:
 * apps cast skel->maps.x to struct bpf_map_desc. */
#ifndef __SKEL_INTERNAL_H
struct bpf_map_desc {
	int map_fd;
	__u32 max_entries;
	__u64 initial_value __attribute__((aligned(8)));
};
struct bpf_prog_desc {
	int prog_fd;
};
struct bpf_loader_ctx {
	__u32 sz;
	__u32 flags;
	__u32 log_level;
	__u32 log_size;
	__u64 log_buf;
};
#endif

/* Special keyring ids (<linux/keyctl.h>), for skel->keyring_id. */
#ifndef KEY_SPEC_THREAD_KEYRING
#define KEY_SPEC_THREAD_KEYRING -1
#define KEY_SPEC_PROCESS_KEYRING -2
#define KEY_SPEC_SESSION_KEYRING -3
#define KEY_SPEC_USER_KEYRING -4
#define KEY_SPEC_USER_SESSION_KEYRING -5
#define KEY_SPEC_GROUP_KEYRING -6
#define KEY_SPEC_REQKEY_AUTH_KEY -7
#define KEY_SPEC_REQUESTOR_KEYRING -8
#endif
#ifndef KEY_SPEC_BPF_KEYRING /* the .bpf system keyring, Linux 7.4 */
#define KEY_SPEC_BPF_KEYRING -9
#endif

/* BPF is LP64: `long` and `unsigned long` in BPF data are 64-bit on every
 * target.  They are spelled long where long is 64-bit (as bpftool does) and
 * long long on 32-bit targets, so the layout never changes. */
#if defined(__SIZEOF_LONG__) && __SIZEOF_LONG__ == 8
typedef long tinyskel_bpf_long;
typedef unsigned long tinyskel_bpf_ulong;
#else
__extension__ typedef long long tinyskel_bpf_long;
__extension__ typedef unsigned long long tinyskel_bpf_ulong;
#endif

/* _Bool in C, bool in C++: one byte in both on every target we build. */
#ifdef __cplusplus
typedef bool tinyskel_bpf_bool;
#else
typedef _Bool tinyskel_bpf_bool;
#endif

#ifndef TSK_ASSERT
#ifdef __cplusplus
#define TSK_ASSERT(e) static_assert(e, #e)
#else
#define TSK_ASSERT(e) _Static_assert(e, #e)
#endif
#endif

/* The skeleton is declared with libbpf's names, the runtime reads it with
 * tinyskel's: one layout (also when skel_internal.h defined them). */
TSK_ASSERT(sizeof(struct bpf_map_desc) == sizeof(struct tinyskel_map_desc));
TSK_ASSERT(offsetof(struct bpf_map_desc, max_entries) == offsetof(struct tinyskel_map_desc, max_entries));
TSK_ASSERT(offsetof(struct bpf_map_desc, initial_value) == offsetof(struct tinyskel_map_desc, initial_value));
TSK_ASSERT(sizeof(struct bpf_prog_desc) == sizeof(struct tinyskel_prog_desc));
TSK_ASSERT(sizeof(struct bpf_loader_ctx) == sizeof(struct tinyskel_loader_ctx));
TSK_ASSERT(offsetof(struct bpf_loader_ctx, log_buf) == offsetof(struct tinyskel_loader_ctx, log_buf));
TSK_ASSERT(sizeof(tinyskel_bpf_long) == 8 && sizeof(tinyskel_bpf_bool) == 1);

#endif /* TINYSKEL_LSKEL_H */
