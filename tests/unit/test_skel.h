/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * test_skel.h - a hand-written skeleton description shaped like skelgen's
 * output, so runtime unit tests need neither skelgen nor a BPF object
 * (they also run under qemu-user for cross boards).  The fake kernel does
 * not interpret the bytes; the layout is what matters.
 */
#ifndef TINYSKEL_TEST_SKEL_H
#define TINYSKEL_TEST_SKEL_H

#include <stddef.h>
#include <stdint.h>

#include "tinyskel.h"
#include "config.h" /* CONFIG_* defaults when built without Kconfig */

struct test_skel {
	struct tinyskel_loader_ctx ctx;
	struct {
		struct tinyskel_map_desc counts;
		struct tinyskel_map_desc bss;
		struct tinyskel_map_desc rodata;
	} maps;
	struct {
		struct tinyskel_prog_desc on_raw;
		struct tinyskel_prog_desc on_tp;
		struct tinyskel_prog_desc on_kprobe;
		struct tinyskel_prog_desc on_kret;
		struct tinyskel_prog_desc on_iter;
		struct tinyskel_prog_desc plain;
	} progs;
	struct {
		int on_raw_fd, on_tp_fd, on_kprobe_fd, on_kret_fd, on_iter_fd, plain_fd;
	} links;
	int32_t keyring_id;
	struct test_skel__bss { int64_t hits; } *bss;
	struct test_skel__rodata { int32_t pid; int32_t pad; } *rodata;
	struct tinyskel_result result;
	struct {
		union { struct test_skel__bss v; uint8_t raw[8]; } bss __attribute__((aligned(TINYSKEL_STORAGE_ALIGN)));
		union { struct test_skel__rodata v; uint8_t raw[8]; } rodata __attribute__((aligned(TINYSKEL_STORAGE_ALIGN)));
	} tinyskel_storage __attribute__((aligned(TINYSKEL_STORAGE_ALIGN)));
};

/* Three instructions: the fake kernel takes two-instruction loads for probes. */
static const uint8_t test_insns[24] __attribute__((aligned(8), unused)) = {
	0xb7, 0, 0, 0, 0, 0, 0, 0, 0xb7, 0, 0, 0, 0, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0,
};
static const uint8_t test_data[16] __attribute__((aligned(8), unused)) = {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 7, 0, 0, 0, 0, /* rodata's initial value at 8: pid = 7 (BE) */
#else
	1, 2, 3, 4, 5, 6, 7, 8, 7, 0, 0, 0, 0, 0, 0, 0, /* rodata's initial value at 8: pid = 7 */
#endif
};
static const uint8_t test_sha_a[32] __attribute__((unused)) = { 0xaa };
static const uint8_t test_sha_b[32] __attribute__((unused)) = { 0xbb };
static const uint8_t test_sha_c[32] __attribute__((unused)) = { 0xcc };
static const uint8_t test_sig[4] __attribute__((unused)) = { 0x30, 0x02, 0x05, 0x00 };
static const uint8_t test_insns_inloader[32] __attribute__((aligned(8), unused)) = {
	0xb7, 0, 0, 0, 0, 0, 0, 0, 0x05, 0, 0, 0, 0, 0, 0, 0, 0xb7, 0, 0, 0, 0, 0, 0, 0,
	0x95, 0, 0, 0, 0, 0, 0, 0,
};

/* The sealed signed loader chain and loadtime share (skelgen/gen/loader.h). */
static const uint8_t test_insns_sealed[24] __attribute__((aligned(8), unused)) = {
	0xb7, 0, 0, 0, 0, 0, 0, 0, 0xb7, 1, 0, 0, 0, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0,
};
static const uint8_t test_sha_d[32] __attribute__((unused)) = { 0xdd };

static const struct tinyskel_signature test_sigs[3] __attribute__((unused)) = {
	{ TINYSKEL_SCHEME_CHAIN, sizeof(test_sig), test_sig, test_insns_sealed, sizeof(test_insns_sealed), 0,
	  test_sha_d, 0, 0, 0, NULL },
	{ TINYSKEL_SCHEME_LOADTIME, sizeof(test_sig), test_sig, test_insns_sealed, sizeof(test_insns_sealed), 0,
	  test_sha_d, 0, 0, 0, NULL },
	{ TINYSKEL_SCHEME_INLOADER, sizeof(test_sig), test_sig, test_insns_inloader,
	  sizeof(test_insns_inloader), 0, test_sha_c, 0, 0, 0, NULL },
};

/* The blob's byte order is the device's (the tests run on big-endian
 * MIPS under qemu-user too); TEST_BLOB_OTHER_ORDER is the one refused. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define TEST_BLOB_ORDER TINYSKEL_BLOB_BIG_ENDIAN
#define TEST_BLOB_OTHER_ORDER TINYSKEL_BLOB_LITTLE_ENDIAN
#else
#define TEST_BLOB_ORDER TINYSKEL_BLOB_LITTLE_ENDIAN
#define TEST_BLOB_OTHER_ORDER TINYSKEL_BLOB_BIG_ENDIAN
#endif

#define TEST_BLOB(nsigs)                                                                           \
	{ TINYSKEL_BLOB_MAGIC, TINYSKEL_BLOB_VERSION, TEST_BLOB_ORDER, test_insns,                   \
	  sizeof(test_insns), sizeof(test_data), test_data, test_sha_a, test_sha_b, nsigs,           \
	  (nsigs) ? test_sigs : NULL, 0, NULL }

static const struct tinyskel_blob test_blob __attribute__((unused)) = TEST_BLOB(0);
static const struct tinyskel_blob test_blob_signed __attribute__((unused)) = TEST_BLOB(3);

static const struct tinyskel_map_info test_maps[3] __attribute__((unused)) = {
	{ "counts", offsetof(struct test_skel, maps.counts), TINYSKEL_NO_OFF, TINYSKEL_NO_OFF,
	  TINYSKEL_NO_OFF, 8, 0 },
	{ "bss", offsetof(struct test_skel, maps.bss), offsetof(struct test_skel, bss),
	  offsetof(struct test_skel, tinyskel_storage.bss), TINYSKEL_NO_OFF, 8, TINYSKEL_MAP_GLOBAL },
	{ "rodata", offsetof(struct test_skel, maps.rodata), offsetof(struct test_skel, rodata),
	  offsetof(struct test_skel, tinyskel_storage.rodata), 8, 8,
	  TINYSKEL_MAP_GLOBAL | TINYSKEL_MAP_READONLY },
};

#define TEST_PROG(field, kind, target, fn)                                                          \
	{ #field, offsetof(struct test_skel, progs.field), offsetof(struct test_skel, links.field##_fd), \
	  kind, target, fn }
static const struct tinyskel_prog_info test_progs[6] __attribute__((unused)) = {
	TEST_PROG(on_raw, TINYSKEL_ATTACH_RAW_TP, "sys_enter", tinyskel_attach_raw_tp),
	TEST_PROG(on_tp, TINYSKEL_ATTACH_TRACEPOINT, "syscalls/sys_enter_getpid", tinyskel_attach_perf),
	TEST_PROG(on_kprobe, TINYSKEL_ATTACH_KPROBE, "do_nanosleep+0x10", tinyskel_attach_perf),
	TEST_PROG(on_kret, TINYSKEL_ATTACH_KRETPROBE, "do_nanosleep", tinyskel_attach_perf),
	TEST_PROG(on_iter, TINYSKEL_ATTACH_ITER, NULL, tinyskel_attach_iter),
	TEST_PROG(plain, TINYSKEL_ATTACH_NONE, NULL, NULL),
};

#define TEST_INFO(blob)                                                                            \
	{ "test", &(blob), sizeof(struct test_skel), offsetof(struct test_skel, links), 3, 6, test_maps, \
	  test_progs, offsetof(struct test_skel, keyring_id) }
static const struct tinyskel_skel_info test_info __attribute__((unused)) = TEST_INFO(test_blob);

/* A result's reason: with CONFIG_ERROR_STRINGS it holds word (or is
 * text); without, every reason is its step's name (err and step exact). */
#ifdef CONFIG_ERROR_STRINGS
#define CHECK_REASON(r, word) CHECK(strstr((r).reason, word) != NULL)
#define CHECK_REASON_IS(r, text) CHECK_STR((r).reason, text)
#else
#define CHECK_REASON(r, word)                                                          \
	do {                                                                           \
		(void)(word);                                                          \
		CHECK_STR((r).reason, tinyskel_step_name((r).step));                   \
	} while (0)
#define CHECK_REASON_IS(r, text) CHECK_STR((r).reason, tinyskel_step_name((r).step))
#endif

/* Is scheme built into the runtime under test (a board may build one). */
static inline int test_built_in(uint32_t scheme)
{
	switch (scheme) {
#ifdef CONFIG_SCHEME_CHAIN
	case TINYSKEL_SCHEME_CHAIN: return 1;
#endif
#ifdef CONFIG_SCHEME_LOADTIME
	case TINYSKEL_SCHEME_LOADTIME: return 1;
#endif
#ifdef CONFIG_SCHEME_INLOADER
	case TINYSKEL_SCHEME_INLOADER: return 1;
#endif
	default: return scheme == TINYSKEL_SCHEME_NONE;
	}
}
static const struct tinyskel_skel_info test_info_signed __attribute__((unused)) = TEST_INFO(test_blob_signed);

#endif
