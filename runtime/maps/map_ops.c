/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * map_ops.c - one element at a time: lookup, update, delete,
 * lookup-and-delete, get-next-key.  Thin on purpose: these sit in the
 * app's hot loop, so no result struct, just the kernel's -errno.
 */
#include <errno.h>

#include "../internal.h"

/* Fills only up to `flags`, the last field these commands read. */
static int elem(int cmd, int fd, const void *key, const void *value, uint64_t flags)
{
	struct tsk_attr_map_elem attr;

	if (fd <= 0)
		return -EBADF;
	memset(&attr, 0, sizeof(attr));
	attr.map_fd = (uint32_t)fd;
	attr.key = TSK_PTR(key);
	attr.value = TSK_PTR(value);
	attr.flags = flags;
	return (int)tsk_sys_bpf(cmd, &attr, sizeof(attr));
}

int tinyskel_map_lookup(int map_fd, const void *key, void *value)
{
	return elem(TSK_BPF_MAP_LOOKUP_ELEM, map_fd, key, value, 0);
}

int tinyskel_map_lookup_flags(int map_fd, const void *key, void *value, uint64_t flags)
{
	return elem(TSK_BPF_MAP_LOOKUP_ELEM, map_fd, key, value, flags);
}

int tinyskel_map_update(int map_fd, const void *key, const void *value, uint64_t flags)
{
	return elem(TSK_BPF_MAP_UPDATE_ELEM, map_fd, key, value, flags);
}

int tinyskel_map_delete(int map_fd, const void *key)
{
	return elem(TSK_BPF_MAP_DELETE_ELEM, map_fd, key, NULL, 0);
}

int tinyskel_map_lookup_and_delete(int map_fd, const void *key, void *value)
{
	return elem(TSK_BPF_MAP_LOOKUP_AND_DELETE_ELEM, map_fd, key, value, 0);
}

/* The kernel takes `next_key` in the `value` slot of the same attr. */
int tinyskel_map_get_next_key(int map_fd, const void *key, void *next_key)
{
	return elem(TSK_BPF_MAP_GET_NEXT_KEY, map_fd, key, next_key, 0);
}
