/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * tinyskel_uapi.h - the slice of the kernel's BPF and perf UAPI the runtime
 * uses, under names of our own.
 *
 * The runtime must build for targets without kernel headers (musl sysroots
 * for ARM) and against old ones (Debian 12 ships 6.1, older than the
 * signing fields), and must not clash with an app including <linux/bpf.h>.
 * So every struct is per command, prefixed tsk_, and its layout is pinned
 * by the static asserts at the end of this file against the kernel's
 * offsets (union bpf_attr as of 6.18 plus the hash-chain patch set).
 * Internal to the runtime; not installed.
 */
#ifndef TINYSKEL_UAPI_H
#define TINYSKEL_UAPI_H

#include <stddef.h>
#include <stdint.h>

#define TSK_ALIGNED_U64 uint64_t __attribute__((aligned(8)))

/* bpf(2) commands */
enum {
	TSK_BPF_MAP_CREATE = 0,
	TSK_BPF_MAP_UPDATE_ELEM = 2,
	TSK_BPF_PROG_LOAD = 5,
	TSK_BPF_PROG_RUN = 10,
	TSK_BPF_OBJ_GET_INFO_BY_FD = 15,
	TSK_BPF_RAW_TRACEPOINT_OPEN = 17,
	TSK_BPF_MAP_FREEZE = 22,
	TSK_BPF_LINK_CREATE = 28,
	TSK_BPF_ITER_CREATE = 33,
};

/* bpf(2) commands of the map, pinning and link helpers (map_ops.c, pin.c, ...). */
enum {
	TSK_BPF_MAP_LOOKUP_ELEM = 1,
	TSK_BPF_MAP_DELETE_ELEM = 3,
	TSK_BPF_MAP_GET_NEXT_KEY = 4,
	TSK_BPF_OBJ_PIN = 6,
	TSK_BPF_OBJ_GET = 7,
	TSK_BPF_MAP_LOOKUP_AND_DELETE_ELEM = 21,
	TSK_BPF_MAP_LOOKUP_BATCH = 24,
	TSK_BPF_MAP_LOOKUP_AND_DELETE_BATCH = 25,
	TSK_BPF_MAP_UPDATE_BATCH = 26,
	TSK_BPF_MAP_DELETE_BATCH = 27,
};

/* enum bpf_attach_type values the target attach helpers use. */
#define TSK_BPF_XDP 37
#define TSK_BPF_TRACE_KPROBE_MULTI 42
#define TSK_BPF_TCX_INGRESS 46
#define TSK_BPF_TCX_EGRESS 47
#define TSK_BPF_MAP_TYPE_RINGBUF 27
#define TSK_BPF_MAP_TYPE_USER_RINGBUF 31
#define TSK_PERF_TYPE_UPROBE_RETPROBE_DEFAULT 0
#define TSK_ENOTSUPP 524 /* the kernel's internal "not supported", leaks to user space */

#define TSK_BPF_MAP_TYPE_ARRAY 2
#define TSK_BPF_PROG_TYPE_SYSCALL 31
#define TSK_BPF_F_SLEEPABLE (1u << 4)
#define TSK_BPF_TRACE_ITER 28
#define TSK_BPF_PERF_EVENT 41
#define TSK_BPF_OBJ_NAME_LEN 16

struct tsk_bpf_insn {
	uint8_t code;
	uint8_t regs; /* dst_reg:4, src_reg:4 (little-endian bit order) */
	int16_t off;
	int32_t imm;
};

struct tsk_attr_map_create {
	uint32_t map_type;
	uint32_t key_size;
	uint32_t value_size;
	uint32_t max_entries;
	uint32_t map_flags;
	uint32_t inner_map_fd;
	uint32_t numa_node;
	char map_name[TSK_BPF_OBJ_NAME_LEN];
	uint32_t map_ifindex;
	uint32_t btf_fd;
	uint32_t btf_key_type_id;
	uint32_t btf_value_type_id;
	uint32_t btf_vmlinux_value_type_id;
	TSK_ALIGNED_U64 map_extra;
	int32_t value_type_btf_obj_fd;
	int32_t map_token_fd;
	TSK_ALIGNED_U64 excl_prog_hash;  /* 6.18: SHA-256 of the only program allowed */
	uint32_t excl_prog_hash_size;
};
#define TSK_MAP_CREATE_SZ_PLAIN (offsetof(struct tsk_attr_map_create, map_extra) + 8)
#define TSK_MAP_CREATE_SZ_EXCL (offsetof(struct tsk_attr_map_create, excl_prog_hash_size) + 4)

struct tsk_attr_map_elem {
	uint32_t map_fd;
	uint32_t pad;
	TSK_ALIGNED_U64 key;
	TSK_ALIGNED_U64 value;
	TSK_ALIGNED_U64 flags;
};

/* BPF_MAP_*_BATCH */
struct tsk_attr_map_batch {
	TSK_ALIGNED_U64 in_batch;
	TSK_ALIGNED_U64 out_batch;
	TSK_ALIGNED_U64 keys;
	TSK_ALIGNED_U64 values;
	uint32_t count;
	uint32_t map_fd;
	TSK_ALIGNED_U64 elem_flags;
	TSK_ALIGNED_U64 flags;
};

/* BPF_OBJ_PIN, BPF_OBJ_GET */
struct tsk_attr_obj {
	TSK_ALIGNED_U64 pathname;
	uint32_t bpf_fd;
	uint32_t file_flags;
	int32_t path_fd;
};

struct tsk_attr_map_freeze {
	uint32_t map_fd;
};

struct tsk_attr_prog_load {
	uint32_t prog_type;
	uint32_t insn_cnt;
	TSK_ALIGNED_U64 insns;
	TSK_ALIGNED_U64 license;
	uint32_t log_level;
	uint32_t log_size;
	TSK_ALIGNED_U64 log_buf;
	uint32_t kern_version;
	uint32_t prog_flags;
	char prog_name[TSK_BPF_OBJ_NAME_LEN];
	uint32_t prog_ifindex;
	uint32_t expected_attach_type;
	uint32_t prog_btf_fd;
	uint32_t func_info_rec_size;
	TSK_ALIGNED_U64 func_info;
	uint32_t func_info_cnt;
	uint32_t line_info_rec_size;
	TSK_ALIGNED_U64 line_info;
	uint32_t line_info_cnt;
	uint32_t attach_btf_id;
	uint32_t attach_prog_fd;
	uint32_t core_relo_cnt;
	TSK_ALIGNED_U64 fd_array;
	TSK_ALIGNED_U64 core_relos;
	uint32_t core_relo_rec_size;
	uint32_t log_true_size;      /* 6.4 */
	int32_t prog_token_fd;       /* 6.9 */
	uint32_t fd_array_cnt;       /* 6.14 */
	TSK_ALIGNED_U64 signature;   /* 6.18 */
	uint32_t signature_size;
	int32_t keyring_id;
	TSK_ALIGNED_U64 signature_maps; /* hash-chain patch set: int[] of fd_array indices */
	uint32_t signature_maps_size;
};
/* Attr sizes passed per use: each stops at its last field, so kernels
 * that do not know later fields still accept the call. */
#define TSK_PROG_LOAD_SZ_PLAIN (offsetof(struct tsk_attr_prog_load, log_true_size) + 4)
#define TSK_PROG_LOAD_SZ_SIGNED (offsetof(struct tsk_attr_prog_load, keyring_id) + 4)
#define TSK_PROG_LOAD_SZ_CHAIN (offsetof(struct tsk_attr_prog_load, signature_maps_size) + 4)

struct tsk_attr_test_run {
	uint32_t prog_fd;
	uint32_t retval;
	uint32_t data_size_in;
	uint32_t data_size_out;
	TSK_ALIGNED_U64 data_in;
	TSK_ALIGNED_U64 data_out;
	uint32_t repeat;
	uint32_t duration;
	uint32_t ctx_size_in;
	uint32_t ctx_size_out;
	TSK_ALIGNED_U64 ctx_in;
	TSK_ALIGNED_U64 ctx_out;
	uint32_t flags;
	uint32_t cpu;
	uint32_t batch_size;
};

struct tsk_attr_info {
	uint32_t bpf_fd;
	uint32_t info_len;
	TSK_ALIGNED_U64 info;
};

struct tsk_bpf_map_info {
	uint32_t type;
	uint32_t id;
	uint32_t key_size;
	uint32_t value_size;
	uint32_t max_entries;
	uint32_t map_flags;
	char name[TSK_BPF_OBJ_NAME_LEN];
	uint32_t ifindex;
	uint32_t btf_vmlinux_value_type_id;
	TSK_ALIGNED_U64 netns_dev;
	TSK_ALIGNED_U64 netns_ino;
	uint32_t btf_id;
	uint32_t btf_key_type_id;
	uint32_t btf_value_type_id;
	uint32_t btf_vmlinux_id;
	TSK_ALIGNED_U64 map_extra;
	TSK_ALIGNED_U64 hash;        /* 6.18: SHA-256 of a frozen array map */
	uint32_t hash_size;
};

struct tsk_attr_raw_tp {
	TSK_ALIGNED_U64 name;
	uint32_t prog_fd;
};

struct tsk_attr_link_create {
	uint32_t prog_fd;
	uint32_t target_fd;
	uint32_t attach_type;
	uint32_t flags;
	TSK_ALIGNED_U64 iter_info;
	uint32_t iter_info_len;
};

/* BPF_LINK_CREATE with the per-kind union past `flags` (offset 16). */
struct tsk_attr_link_create_tcx {
	uint32_t prog_fd;
	uint32_t target_ifindex;
	uint32_t attach_type;
	uint32_t flags;
	uint32_t relative_fd;
	uint32_t pad;
	TSK_ALIGNED_U64 expected_revision;
};

struct tsk_attr_link_create_kmulti {
	uint32_t prog_fd;
	uint32_t target_fd;
	uint32_t attach_type;
	uint32_t flags;
	uint32_t kmulti_flags;  /* BPF_F_KPROBE_MULTI_RETURN */
	uint32_t cnt;
	TSK_ALIGNED_U64 syms;   /* const char *[cnt] */
	TSK_ALIGNED_U64 addrs;
	TSK_ALIGNED_U64 cookies;
};

/* perf_event_open(2): the fields up to PERF_ATTR_SIZE_VER1 (72 bytes). */
#define TSK_PERF_TYPE_TRACEPOINT 2
#define TSK_PERF_FLAG_FD_CLOEXEC (1ul << 3)
#define TSK_PERF_EVENT_IOC_ENABLE 0x2400u
#define TSK_PERF_EVENT_IOC_SET_BPF 0x40042408u
struct tsk_perf_event_attr {
	uint32_t type;
	uint32_t size;
	TSK_ALIGNED_U64 config;
	TSK_ALIGNED_U64 sample_period;
	TSK_ALIGNED_U64 sample_type;
	TSK_ALIGNED_U64 read_format;
	TSK_ALIGNED_U64 flags;       /* disabled:1, inherit:1, ... bitfield word */
	uint32_t wakeup_events;
	uint32_t bp_type;
	TSK_ALIGNED_U64 config1;     /* kprobe PMU: function name (user pointer) */
	TSK_ALIGNED_U64 config2;     /* kprobe PMU: offset */
};

/* Offsets from the kernel's include/uapi/linux/bpf.h and perf_event.h. */
_Static_assert(offsetof(struct tsk_attr_map_create, map_name) == 28, "map_name");
_Static_assert(offsetof(struct tsk_attr_map_create, map_extra) == 64, "map_extra");
_Static_assert(offsetof(struct tsk_attr_map_create, excl_prog_hash) == 80, "excl_prog_hash");
_Static_assert(TSK_MAP_CREATE_SZ_EXCL == 92, "map create size");
_Static_assert(offsetof(struct tsk_attr_prog_load, prog_name) == 48, "prog_name");
_Static_assert(offsetof(struct tsk_attr_prog_load, fd_array) == 120, "fd_array");
_Static_assert(offsetof(struct tsk_attr_prog_load, log_true_size) == 140, "log_true_size");
_Static_assert(offsetof(struct tsk_attr_prog_load, fd_array_cnt) == 148, "fd_array_cnt");
_Static_assert(offsetof(struct tsk_attr_prog_load, signature) == 152, "signature");
_Static_assert(TSK_PROG_LOAD_SZ_SIGNED == 168, "keyring_id ends at 168");
_Static_assert(offsetof(struct tsk_attr_prog_load, signature_maps) == 168, "signature_maps");
_Static_assert(TSK_PROG_LOAD_SZ_CHAIN == 180, "chain attr size");
_Static_assert(offsetof(struct tsk_attr_test_run, ctx_in) == 48, "test.ctx_in");
_Static_assert(sizeof(struct tsk_attr_test_run) == 80, "test attr");
_Static_assert(offsetof(struct tsk_bpf_map_info, hash) == 88, "map_info.hash");
_Static_assert(offsetof(struct tsk_attr_link_create, iter_info_len) == 24, "iter_info_len");
_Static_assert(offsetof(struct tsk_perf_event_attr, config1) == 56, "config1");
_Static_assert(sizeof(struct tsk_perf_event_attr) == 72, "perf attr VER1");
_Static_assert(sizeof(struct tsk_bpf_insn) == 8, "insn");
_Static_assert(offsetof(struct tsk_attr_map_batch, count) == 32, "batch.count");
_Static_assert(sizeof(struct tsk_attr_map_batch) == 56, "batch attr");
_Static_assert(offsetof(struct tsk_attr_obj, path_fd) == 16, "obj.path_fd");
_Static_assert(offsetof(struct tsk_attr_link_create_tcx, expected_revision) == 24, "tcx.expected_revision");
_Static_assert(offsetof(struct tsk_attr_link_create_kmulti, cookies) == 40, "kprobe_multi.cookies");

#endif /* TINYSKEL_UAPI_H */
