/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * maps_test.c - every map op of map_ops.c/map_batch.c/percpu.c against the
 * real kernel, on hash, array, per-CPU array and hash, LRU hash and a ring
 * buffer, with exact values read back; and no fd left behind.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "possible_stdio.h"
#include "proc_fds.h"
#include "feat.lskel.h"

/* Our own reading of the possible-CPU list, to check tinyskel's. */
static void hash_ops(int fd)
{
	uint32_t k, next, keys[32];
	uint64_t v, vals[32];
	uint32_t seen = 0, n;
	int err;

	check_ctx = "hash";
	k = 7;
	v = 700;
	CHECK_INT(tinyskel_map_lookup(fd, &k, &v), -ENOENT);
	CHECK_INT(tinyskel_map_update(fd, &k, &v, TINYSKEL_EXIST), -ENOENT);
	CHECK_INT(tinyskel_map_update(fd, &k, &v, TINYSKEL_NOEXIST), 0);
	CHECK_INT(tinyskel_map_update(fd, &k, &v, TINYSKEL_NOEXIST), -EEXIST);
	v = 701;
	CHECK_INT(tinyskel_map_update(fd, &k, &v, TINYSKEL_EXIST), 0);
	v = 0;
	CHECK_INT(tinyskel_map_lookup(fd, &k, &v), 0);
	CHECK_INT(v, 701);
	v = 0;
	CHECK_INT(tinyskel_map_lookup_and_delete(fd, &k, &v), 0);
	CHECK_INT(v, 701);
	CHECK_INT(tinyskel_map_lookup(fd, &k, &v), -ENOENT);
	CHECK_INT(tinyskel_map_delete(fd, &k), -ENOENT);

	/* batch update 32, walk it in batches of 5, delete 10 in a batch */
	for (k = 0; k < 32; k++) {
		keys[k] = 100 + k;
		vals[k] = 1000ull * k + 1;
	}
	n = 32;
	CHECK_INT(tinyskel_map_update_batch(fd, keys, vals, &n, 4, 8, 0), 0);
	CHECK_INT(n, 32);
	{
		struct tinyskel_map_iter it = { .key_size = 4, .value_size = 8 };
		uint32_t cursor, bk[5], i, rounds = 0;
		uint64_t bv[5], sum = 0, want = 0;

		it.cursor = &cursor;
		do {
			n = 5;
			err = tinyskel_map_lookup_batch(&it, fd, bk, bv, &n);
			for (i = 0; i < n; i++) {
				CHECK_INT(bv[i], 1000ull * (bk[i] - 100) + 1);
				sum += bk[i];
				seen++;
			}
		} while (err == 0 && ++rounds < 100);
		CHECK_INT(err, -ENOENT);
		CHECK_INT(seen, 32);
		for (k = 0; k < 32; k++)
			want += 100 + k;
		CHECK_INT(sum, want);
		CHECK_INT(it.fallback, 0); /* 6.18 has hash batches */
	}
	n = 10;
	CHECK_INT(tinyskel_map_delete_batch(fd, keys, &n, 4), 0);
	CHECK_INT(n, 10);
	/* get-next-key walk: exactly the 22 left, each once */
	seen = 0;
	for (err = tinyskel_map_get_next_key(fd, NULL, &next); !err;
	     err = tinyskel_map_get_next_key(fd, &k, &next)) {
		CHECK(next >= 110 && next < 132);
		CHECK_INT(tinyskel_map_lookup(fd, &next, &v), 0);
		CHECK_INT(v, 1000ull * (next - 100) + 1);
		k = next;
		seen++;
	}
	CHECK_INT(err, -ENOENT);
	CHECK_INT(seen, 22);
	/* deleting a missing key in a batch stops there and says how far it got */
	n = 3;
	keys[0] = 110, keys[1] = 5, keys[2] = 111;
	CHECK_INT(tinyskel_map_delete_batch(fd, keys, &n, 4), -ENOENT);
	CHECK_INT(n, 1);
}

static void array_ops(int fd)
{
	uint32_t k, next, keys[8], n;
	uint64_t v, vals[8];

	check_ctx = "array";
	k = 3;
	CHECK_INT(tinyskel_map_lookup(fd, &k, &v), 0);
	CHECK_INT(v, 0);
	v = 33;
	CHECK_INT(tinyskel_map_update(fd, &k, &v, TINYSKEL_ANY), 0);
	CHECK_INT(tinyskel_map_update(fd, &k, &v, TINYSKEL_NOEXIST), -EEXIST);
	v = 0;
	CHECK_INT(tinyskel_map_lookup(fd, &k, &v), 0);
	CHECK_INT(v, 33);
	k = 8;
	CHECK_INT(tinyskel_map_update(fd, &k, &v, 0), -E2BIG);
	CHECK_INT(tinyskel_map_lookup(fd, &k, &v), -ENOENT);
	k = 3;
	CHECK_INT(tinyskel_map_delete(fd, &k), -EINVAL);
	CHECK_INT(tinyskel_map_get_next_key(fd, NULL, &next), 0);
	CHECK_INT(next, 0);
	k = 7;
	CHECK_INT(tinyskel_map_get_next_key(fd, &k, &next), -ENOENT);
	for (k = 0; k < 8; k++) {
		keys[k] = k;
		vals[k] = 10 * k + 5;
	}
	n = 8;
	CHECK_INT(tinyskel_map_update_batch(fd, keys, vals, &n, 4, 8, 0), 0);
	CHECK_INT(n, 8);
	{
		struct tinyskel_map_iter it = { .key_size = 4, .value_size = 8 };
		uint32_t cursor, bk[8];
		uint64_t bv[8];
		int err;

		it.cursor = &cursor;
		n = 8;
		err = tinyskel_map_lookup_batch(&it, fd, bk, bv, &n);
		CHECK(err == 0 || err == -ENOENT);
		CHECK_INT(n, 8);
		for (k = 0; k < n; k++) {
			CHECK_INT(bk[k], k);
			CHECK_INT(bv[k], 10 * k + 5);
		}
	}
	/* arrays have no delete: the batch, then the fallback, both refuse */
	n = 2;
	CHECK(tinyskel_map_delete_batch(fd, keys, &n, 4) < 0);
	CHECK_INT(n, 0);
}

static void percpu_ops(int pa_fd, int ph_fd)
{
	int ncpu = tinyskel_possible_cpus(), i;
	size_t sz;
	uint8_t *buf, *back;
	uint32_t k = 2;

	check_ctx = "percpu";
	CHECK_INT(ncpu, possible_cpus_stdio("/sys/devices/system/cpu/possible"));
	if (ncpu <= 0)
		return;
	/* u32 values: each CPU's slot is padded to 8 bytes */
	sz = tinyskel_percpu_value_size(4, ncpu);
	CHECK_INT(sz, 8 * ncpu);
	buf = calloc(1, sz);
	back = calloc(1, sz);
	for (i = 0; i < ncpu; i++) {
		uint32_t v = 100 + i;

		memcpy(buf + 8 * i, &v, 4);
	}
	CHECK_INT(tinyskel_map_update(pa_fd, &k, buf, 0), 0);
	CHECK_INT(tinyskel_map_lookup(pa_fd, &k, back), 0);
	for (i = 0; i < ncpu; i++) {
		uint32_t v;

		memcpy(&v, back + 8 * i, 4);
		CHECK_INT(v, 100 + i);
	}
	free(buf);
	free(back);

	check_ctx = "percpu hash";
	sz = tinyskel_percpu_value_size(8, ncpu);
	buf = calloc(1, sz);
	back = calloc(1, sz);
	for (i = 0; i < ncpu; i++) {
		uint64_t v = 0x1000000000ull + i;

		memcpy(buf + 8 * i, &v, 8);
	}
	k = 9;
	CHECK_INT(tinyskel_map_update(ph_fd, &k, buf, TINYSKEL_NOEXIST), 0);
	CHECK_INT(tinyskel_map_lookup_and_delete(ph_fd, &k, back), 0);
	CHECK(!memcmp(buf, back, sz));
	CHECK_INT(tinyskel_map_lookup(ph_fd, &k, back), -ENOENT);
	free(buf);
	free(back);
}

static void lru_ops(int fd)
{
	uint32_t k, next, present = 0;
	uint64_t v;
	int err, fails = 0;

	check_ctx = "lru";
	/* 3x its size: updates never fail, old keys are evicted */
	for (k = 1; k <= 24; k++) {
		v = k * 11;
		fails += tinyskel_map_update(fd, &k, &v, 0) != 0;
	}
	CHECK_INT(fails, 0);
	k = 24;
	CHECK_INT(tinyskel_map_lookup(fd, &k, &v), 0); /* the newest is always there */
	CHECK_INT(v, 24 * 11);
	for (err = tinyskel_map_get_next_key(fd, NULL, &next); !err; err = tinyskel_map_get_next_key(fd, &k, &next)) {
		CHECK_INT(tinyskel_map_lookup(fd, &next, &v), 0);
		CHECK_INT(v, next * 11);
		k = next;
		present++;
	}
	CHECK(present >= 1 && present <= 8);
	k = 24;
	CHECK_INT(tinyskel_map_lookup_and_delete(fd, &k, &v), 0);
	CHECK_INT(v, 24 * 11);
	CHECK_INT(tinyskel_map_lookup(fd, &k, &v), -ENOENT);
}

static void ringbuf_ops(int fd)
{
	uint32_t k = 0, next;
	uint64_t v = 0;

	/* A ring buffer has no elements: the kernel refuses each op. */
	check_ctx = "ringbuf";
	CHECK(tinyskel_map_lookup(fd, &k, &v) < 0 && tinyskel_map_lookup(fd, &k, &v) != -ENOENT);
	CHECK(tinyskel_map_update(fd, &k, &v, 0) < 0);
	CHECK(tinyskel_map_delete(fd, &k) < 0);
	CHECK(tinyskel_map_get_next_key(fd, NULL, &next) < 0);
	printf("ringbuf lookup: %d\n", tinyskel_map_lookup(fd, &k, &v));
}

int main(void)
{
	struct feat *skel;
	int fds;

	if (geteuid() != 0) {
		printf("needs root to load BPF programs\n");
		return 77;
	}
	fds = count_fds();
	skel = feat__open_and_load();
	if (!skel) {
		printf("feat__open_and_load failed\n");
		return 1;
	}
	hash_ops(skel->maps.h.map_fd);
	array_ops(skel->maps.a.map_fd);
	percpu_ops(skel->maps.pa.map_fd, skel->maps.ph.map_fd);
	lru_ops(skel->maps.lru.map_fd);
	ringbuf_ops(skel->maps.events.map_fd);
	check_ctx = "no map fd";
	CHECK_INT(tinyskel_map_lookup(0, &fds, &fds), -EBADF);
	feat__destroy(skel);
	check_ctx = "after destroy";
	CHECK_INT(count_fds(), fds);
	return check_exit();
}
