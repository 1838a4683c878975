/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * map_batch.c - BPF_MAP_*_BATCH (5.6+), falling back to one element at a
 * time where the kernel or the map type has no batch op, so the caller
 * writes one loop for every kernel.
 */
#include <errno.h>

#include "../internal.h"

/* "No such command" (kernels before 5.6) or "not for this map type".  The
 * kernel refuses those before touching `count`; a batch that ran and then
 * failed writes back how far it got, so an unchanged count tells them apart. */
static int no_batch(int err, uint32_t count, uint32_t want)
{
	return count == want && (err == -EINVAL || err == -EOPNOTSUPP || err == -TSK_ENOTSUPP);
}

static long batch(int cmd, int fd, void *in, void *out, const void *keys, const void *values,
		  uint32_t *count, uint64_t elem_flags)
{
	struct tsk_attr_map_batch attr;
	long err;

	memset(&attr, 0, sizeof(attr));
	attr.in_batch = TSK_PTR(in);
	attr.out_batch = TSK_PTR(out);
	attr.keys = TSK_PTR(keys);
	attr.values = TSK_PTR(values);
	attr.count = *count;
	attr.map_fd = (uint32_t)fd;
	attr.elem_flags = elem_flags;
	err = tsk_sys_bpf(cmd, &attr, sizeof(attr));
	*count = attr.count; /* the kernel reports what it did, also on error */
	return err;
}

int tinyskel_map_update_batch(int map_fd, const void *keys, const void *values, uint32_t *count,
			      uint32_t key_size, uint32_t value_size, uint64_t elem_flags)
{
	uint32_t want = *count, i;
	int err;

	if (map_fd <= 0)
		return -EBADF;
	err = (int)batch(TSK_BPF_MAP_UPDATE_BATCH, map_fd, NULL, NULL, keys, values, count, elem_flags);
	if (!no_batch(err, *count, want))
		return err;
	for (i = 0; i < want; i++) {
		err = tinyskel_map_update(map_fd, (const char *)keys + (size_t)i * key_size,
					  (const char *)values + (size_t)i * value_size, elem_flags);
		if (err)
			break;
	}
	*count = i;
	return err;
}

int tinyskel_map_delete_batch(int map_fd, const void *keys, uint32_t *count, uint32_t key_size)
{
	uint32_t want = *count, i;
	int err;

	if (map_fd <= 0)
		return -EBADF;
	err = (int)batch(TSK_BPF_MAP_DELETE_BATCH, map_fd, NULL, NULL, keys, NULL, count, 0);
	if (!no_batch(err, *count, want))
		return err;
	for (i = 0; i < want; i++) {
		err = tinyskel_map_delete(map_fd, (const char *)keys + (size_t)i * key_size);
		if (err)
			break;
	}
	*count = i;
	return err;
}

/* Fallback: walk with get-next-key from the cursor (the last key seen). */
static int lookup_each(struct tinyskel_map_iter *it, int fd, char *keys, char *values, uint32_t *count)
{
	uint32_t want = *count, n = 0;
	int err = 0;

	while (n < want) {
		char *k = keys + (size_t)n * it->key_size;

		err = tinyskel_map_get_next_key(fd, it->started ? it->cursor : NULL, k);
		if (err)
			break;
		memcpy(it->cursor, k, it->key_size);
		it->started = 1;
		err = tinyskel_map_lookup(fd, k, values + (size_t)n * it->value_size);
		if (err == -ENOENT) /* deleted since get-next-key: skip it */
			continue;
		if (err)
			break;
		n++;
	}
	*count = n;
	return err;
}

int tinyskel_map_lookup_batch(struct tinyskel_map_iter *it, int map_fd, void *keys, void *values,
			      uint32_t *count)
{
	uint32_t want = *count;
	int err;

	if (map_fd <= 0)
		return -EBADF;
	if (!it || !it->cursor || it->key_size == 0 || it->value_size == 0)
		return -EINVAL;
	if (it->done) {
		*count = 0;
		return -ENOENT;
	}
	if (!it->fallback) {
		err = (int)batch(TSK_BPF_MAP_LOOKUP_BATCH, map_fd, it->started ? it->cursor : NULL, it->cursor,
				 keys, values, count, it->elem_flags);
		if (!no_batch(err, *count, want) || it->started) {
			it->started = 1;
			it->done = err == -ENOENT;
			return err;
		}
		it->fallback = 1;
		*count = want;
	}
	err = lookup_each(it, map_fd, keys, values, count);
	it->done = err == -ENOENT;
	return err;
}
