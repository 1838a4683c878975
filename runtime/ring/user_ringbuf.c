/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * user_ringbuf.c - produce into a BPF_MAP_TYPE_USER_RINGBUF (6.1+): user
 * space writes records, a BPF program drains them with
 * bpf_user_ringbuf_drain().
 *
 * The roles of ringbuf.c reversed: the consumer page is the kernel's (we
 * may only read it), the producer page and the data area are ours.  A
 * record is reserved by writing its header with the BUSY bit and then
 * publishing the new producer position (release); it is committed by
 * clearing BUSY with an atomic exchange (the kernel reads the header with
 * acquire).  Space comes back when the kernel's consumer position, read
 * with acquire, moves on.  Positions: as in ringbuf.c, 64-bit counts kept
 * whole, compared in their low 32 bits.  One producer thread per ring.
 *
 * Trust: the consumer page only the kernel writes, but the producer page
 * is writable by anyone holding a writable fd of the map.  So the
 * producer position we read back is input: it must be 8-byte aligned and
 * at most one ring ahead of the consumer, or reserve fails with -EBADMSG
 * (rb->error says why) rather than write a misaligned header or over
 * records the program has not drained.
 */
#include <errno.h>

#include "../internal.h"

#define RB_BUSY (1u << 31)
#define RB_DISCARD (1u << 30)
#define RB_HDR 8u

int tinyskel_user_ringbuf_open(struct tinyskel_user_ringbuf *rb, int map_fd, struct tinyskel_result *res)
{
	size_t page = tsk_sys_pagesize();
	long size;
	int err;

	memset(rb, 0, sizeof(*rb));
	if (map_fd <= 0)
		return tsk_op_fail(res, TINYSKEL_STEP_RINGBUF, -EBADF, "user ring buffer open: no map fd");
	size = tsk_ringbuf_size(map_fd, TSK_BPF_MAP_TYPE_USER_RINGBUF);
	if (size < 0)
		return tsk_op_fail(res, TINYSKEL_STEP_RINGBUF, (int)size,
				   size == -EINVAL ? "user ring buffer open: not a BPF_MAP_TYPE_USER_RINGBUF map"
						  : "user ring buffer open: map info failed");
	rb->page = page;
	rb->size = (uint32_t)size;
	/* The kernel refuses a writable mapping of the consumer page. */
	rb->consumer = tsk_sys_mmap_off(page, 0, map_fd, 0, &err);
	if (!rb->consumer)
		return tsk_op_fail(res, TINYSKEL_STEP_RINGBUF, err, "user ring buffer open: mmap failed");
	rb->producer = tsk_sys_mmap_off(page + 2 * (size_t)rb->size, 1, map_fd, page, &err);
	if (!rb->producer) {
		tsk_sys_munmap((void *)rb->consumer, page);
		memset(rb, 0, sizeof(*rb));
		return tsk_op_fail(res, TINYSKEL_STEP_RINGBUF, err, "user ring buffer open: mmap failed");
	}
	rb->map_fd = map_fd;
	return 0;
}

void tinyskel_user_ringbuf_close(struct tinyskel_user_ringbuf *rb)
{
	if (rb->consumer)
		tsk_sys_munmap((void *)rb->consumer, rb->page);
	if (rb->producer)
		tsk_sys_munmap(rb->producer, rb->page + 2 * (size_t)rb->size);
	memset(rb, 0, sizeof(*rb));
}

void *tinyskel_user_ringbuf_reserve(struct tinyskel_user_ringbuf *rb, uint32_t size, int *err)
{
	uint64_t *prod_pos = rb->producer;
	uint64_t prod;
	uint32_t cons, total;
	uint8_t *hdr;

	if (!prod_pos) {
		*err = -EBADF;
		return NULL;
	}
	total = (uint32_t)(((uint64_t)size + RB_HDR + 7) & ~7ull);
	if (size >= RB_DISCARD || total > rb->size) {
		*err = -E2BIG;
		return NULL;
	}
	prod = __atomic_load_n(prod_pos, __ATOMIC_RELAXED); /* ours, unless another process wrote it */
	cons = __atomic_load_n((const uint32_t *)rb->consumer, __ATOMIC_ACQUIRE);
	if ((prod & 7) || (uint32_t)prod - cons > rb->size) {
		rb->error = (prod & 7) ? TSK_WHY("user ring buffer: producer position not 8-byte aligned (written by another process?)")
				       : TSK_WHY("user ring buffer: producer position more than a ring ahead of the consumer (written by another process?)");
		*err = -EBADMSG;
		return NULL;
	}
	if (rb->size - ((uint32_t)prod - cons) < total) {
		*err = -ENOSPC;
		return NULL;
	}
	hdr = (uint8_t *)rb->producer + rb->page + ((uint32_t)prod & (rb->size - 1));
	__atomic_store_n((uint32_t *)hdr, size | RB_BUSY, __ATOMIC_RELAXED);
	__atomic_store_n((uint32_t *)(hdr + 4), 0, __ATOMIC_RELAXED);
	/* Header before position: the kernel must see BUSY, never stale bytes. */
	__atomic_store_n(prod_pos, prod + total, __ATOMIC_RELEASE);
	*err = 0;
	return hdr + RB_HDR;
}

static void commit(void *sample, uint32_t bits)
{
	uint32_t *hdr = (uint32_t *)(void *)((uint8_t *)sample - RB_HDR);
	uint32_t len = __atomic_load_n(hdr, __ATOMIC_RELAXED) & ~RB_BUSY;

	/* Release: the payload is written before the kernel sees BUSY clear. */
	__atomic_exchange_n(hdr, len | bits, __ATOMIC_ACQ_REL);
}

void tinyskel_user_ringbuf_submit(struct tinyskel_user_ringbuf *rb, void *sample)
{
	(void)rb;
	commit(sample, 0);
}

void tinyskel_user_ringbuf_discard(struct tinyskel_user_ringbuf *rb, void *sample)
{
	(void)rb;
	commit(sample, RB_DISCARD);
}

uint32_t tinyskel_user_ringbuf_free(const struct tinyskel_user_ringbuf *rb)
{
	uint32_t used;

	if (!rb->producer)
		return 0;
	used = (uint32_t)__atomic_load_n((const uint64_t *)rb->producer, __ATOMIC_RELAXED) -
	       __atomic_load_n((const uint32_t *)rb->consumer, __ATOMIC_ACQUIRE);
	return used > rb->size ? 0 : rb->size - used; /* a position moved by another process: no room */
}
