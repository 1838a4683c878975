// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * uapi_test.c - the model against the facts SCHEMES.md measured on real
 * kernels, by hand (no runtime): attr size rules, exclusive maps, freeze,
 * the map hash.  If the model drifts from the kernel, this says where.
 */
#include "model_test.h"

static long create(uint32_t value_size, const uint8_t *hash, uint32_t hash_size, unsigned int size)
{
	struct tsk_attr_map_create a;

	memset(&a, 0, sizeof(a));
	a.map_type = TSK_BPF_MAP_TYPE_ARRAY;
	a.key_size = 4;
	a.value_size = value_size;
	a.max_entries = 1;
	a.excl_prog_hash = (uint64_t)(uintptr_t)hash;
	a.excl_prog_hash_size = hash_size;
	return tsk_sys_bpf(TSK_BPF_MAP_CREATE, &a, size);
}

static long map_hash(int fd, uint8_t out[32])
{
	struct tsk_bpf_map_info info;
	struct tsk_attr_info a;

	memset(&info, 0, sizeof(info));
	memset(&a, 0, sizeof(a));
	info.hash = (uint64_t)(uintptr_t)out;
	info.hash_size = 32;
	a.bpf_fd = (uint32_t)fd;
	a.info_len = sizeof(info);
	a.info = (uint64_t)(uintptr_t)&info;
	return tsk_sys_bpf(TSK_BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a));
}

static long update(int fd, const void *value)
{
	struct tsk_attr_map_elem e;
	uint32_t key = 0;

	memset(&e, 0, sizeof(e));
	e.map_fd = (uint32_t)fd;
	e.key = (uint64_t)(uintptr_t)&key;
	e.value = (uint64_t)(uintptr_t)value;
	return tsk_sys_bpf(TSK_BPF_MAP_UPDATE_ELEM, &e, sizeof(e));
}

static long freeze(int fd)
{
	struct tsk_attr_map_freeze f;

	memset(&f, 0, sizeof(f));
	f.map_fd = (uint32_t)fd;
	return tsk_sys_bpf(TSK_BPF_MAP_FREEZE, &f, sizeof(f));
}

static void test_maps(void)
{
	const uint8_t value[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
	uint8_t padded[16] = { 0 }, want[32], got[32], h[32] = { 0 };
	long fd;

	check_ctx = "maps (6.18)";
	setup(KM_6_18_NOVERIFY, NULL);
	/* excl_prog_hash_size other than 32 -> EINVAL */
	EXPECT_ERR(create(8, h, 16, TSK_MAP_CREATE_SZ_EXCL), -EINVAL);
	EXPECT_ERR(create(8, NULL, 32, TSK_MAP_CREATE_SZ_EXCL), -EINVAL);
	/* hash of a frozen map: SHA-256 over value_size rounded up to 8 */
	fd = create(12, NULL, 0, TSK_MAP_CREATE_SZ_PLAIN);
	CHECK(fd >= KM_FD_BASE);
	EXPECT_ERR(update((int)fd, value), 0);
	EXPECT_ERR(map_hash((int)fd, got), -EPERM); /* unfrozen: EPERM */
	EXPECT_ERR(freeze((int)fd), 0);
	EXPECT_ERR(update((int)fd, value), -EPERM); /* frozen: no more writes */
	EXPECT_ERR(map_hash((int)fd, got), 0);
	memcpy(padded, value, sizeof(value));
	sha256(padded, sizeof(padded), want);
	CHECK(!memcmp(got, want, 32));
	EXPECT_ERR(tsk_sys_close((int)fd), 0);
	EXPECT_ERR(tsk_sys_close((int)fd), -EBADF);

	/* before 6.18: no exclusive maps, no hash */
	check_ctx = "maps (pre-6.18)";
	setup(KM_PRE_6_18, NULL);
	EXPECT_ERR(create(8, h, 32, TSK_MAP_CREATE_SZ_EXCL), -EINVAL);
	fd = create(8, NULL, 0, TSK_MAP_CREATE_SZ_PLAIN);
	CHECK(fd >= KM_FD_BASE);
	freeze((int)fd);
	EXPECT_ERR(map_hash((int)fd, got), -E2BIG);
	tsk_sys_close((int)fd);
	km_cleanup();
}

/* The exclusive map admits only the program whose SHA-256 it names. */
static void test_exclusive(void)
{
	const struct tinyskel_blob *b = counter_rsa__blob();
	const struct tinyskel_signature *s = find_sig(b, TINYSKEL_SCHEME_INLOADER);
	struct hand_load h;
	int fd;

	check_ctx = "exclusive map";
	setup(KM_6_18_NOVERIFY, NULL);
	fd = hand_map(blob_value(b), b->data_sz, b->insns_sha256);
	memset(&h, 0, sizeof(h));
	h.fd_array = &fd;
	h.attr_sz = TSK_PROG_LOAD_SZ_PLAIN;
	h.insns = b->insns;
	h.insns_sz = b->insns_sz;
	EXPECT_ERR(hand_prog_load(&h), 0);
	h.insns = sig_insns(b, s);
	h.insns_sz = s->insns_sz;
	EXPECT_ERR(hand_prog_load(&h), -EACCES);
	tsk_sys_close(fd);
	CHECK_INT(km_open_fds(), 0);
	km_cleanup();
}

/* Non-zero bytes past the kernel's union: E2BIG; a zero tail: accepted. */
static void test_attr_tail(void)
{
	const struct tinyskel_blob *b = counter_rsa__blob();
	static const int idx[1] = { 0 };
	struct hand_load h;
	int fd;

	check_ctx = "attr tail (6.18)";
	setup(KM_6_18_VERIFY, NULL);
	fd = hand_map(blob_value(b), b->data_sz, NULL);
	memset(&h, 0, sizeof(h));
	h.fd_array = &fd;
	h.insns = b->insns;
	h.insns_sz = b->insns_sz;
	h.attr_sz = TSK_PROG_LOAD_SZ_CHAIN;
	EXPECT_ERR(hand_prog_load(&h), 0);
	h.sig_maps = idx;
	h.sig_maps_sz = 1;
	EXPECT_ERR(hand_prog_load(&h), -E2BIG);
	tsk_sys_close(fd);

	check_ctx = "attr tail (pre-6.18)";
	setup(KM_PRE_6_18, NULL);
	fd = hand_map(blob_value(b), b->data_sz, NULL);
	h.sig_maps = NULL;
	h.sig_maps_sz = 0;
	h.attr_sz = TSK_PROG_LOAD_SZ_SIGNED;
	EXPECT_ERR(hand_prog_load(&h), 0);
	h.sig = find_sig(b, TINYSKEL_SCHEME_INLOADER)->sig;
	h.sig_sz = 100;
	EXPECT_ERR(hand_prog_load(&h), -E2BIG);
	tsk_sys_close(fd);
	CHECK_INT(km_open_fds(), 0);
	km_cleanup();
}

int main(void)
{
	test_maps();
	test_exclusive();
	test_attr_tail();
	return check_exit();
}
