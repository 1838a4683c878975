/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* ringbuf_size.c - see tsk_ringbuf_size in internal.h. */
#include <errno.h>

#include "../internal.h"

long tsk_ringbuf_size(int map_fd, uint32_t type)
{
	struct tsk_bpf_map_info mi;
	long err = tsk_map_info(map_fd, &mi);

	if (err)
		return err;
	/* The kernel's ring sizes are powers of two; the consumer masks with size - 1. */
	if (mi.type != type || mi.max_entries == 0 || (mi.max_entries & (mi.max_entries - 1)))
		return -EINVAL;
	return (long)mi.max_entries;
}
