/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * ringbuf.c - consume a BPF_MAP_TYPE_RINGBUF from user space.
 *
 * The map exposes three things by mmap: a consumer page we write (our
 * position), a producer page we only read (the kernel's position), and the
 * data area, mapped twice back to back so a record that wraps around the
 * end is still contiguous in our address space.  Each record starts with
 * an 8-byte header: a u32 length carrying the BUSY bit (reserved, not yet
 * committed) and the DISCARD bit (committed, to be skipped), then a page
 * offset only the kernel uses.
 *
 * Ordering: the producer commits a record by clearing BUSY with a release
 * store, and publishes its position with a release store too, so we read
 * both with acquire loads before touching the payload; we publish our own
 * position with a release store after the callback has read the payload,
 * so the kernel never reuses bytes still being read.  C11/GCC atomics give
 * exactly that on x86-64 (plain moves), aarch64 (ldar/stlr) and armv7
 * (dmb around the access).
 *
 * Word size: positions are `unsigned long` in the kernel, so 64-bit on an
 * arm64 kernel even under a 32-bit (armv7) process.  We read the producer's
 * low 32 bits (enough: only differences below 4 GiB matter) and keep our
 * consumer position as a full 64-bit count that we write whole: on a 32-bit
 * kernel the upper word falls in unused bytes of the consumer page; on a
 * 64-bit kernel it keeps the position right after 4 GiB of traffic, where
 * writing 32 bits would leave the kernel seeing a ring that never drains.
 *
 * Trust: the producer page and the data area are read-only to every
 * process, but the consumer page is writable by anyone holding a writable
 * fd of the map (a second process opening the pin).  So our position is
 * input: before each record we check that it is 8-byte aligned and at most
 * one ring behind the producer, and that the record's length fits both
 * the ring and what the producer has published.  Otherwise we stop with
 * -EBADMSG and say which check failed (rb->error): the callback never gets
 * a size the ring cannot hold, and no byte outside the mapping is read.
 */
#include <errno.h>

#include "../internal.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "ringbuf.c reads the low word of kernel positions at offset 0: little-endian only"
#endif

#define RB_BUSY (1u << 31)
#define RB_DISCARD (1u << 30)
#define RB_HDR 8u

static const char *rb_reason(int err)
{
	return err == -EINVAL ? "ring buffer open: not a BPF_MAP_TYPE_RINGBUF map"
	       : err == -EPERM ? "ring buffer open: mmap refused (consumer page must be the only writable one)"
	       : "ring buffer open: map info or mmap failed";
}

int tinyskel_ringbuf_open(struct tinyskel_ringbuf *rb, int map_fd, tinyskel_ringbuf_fn fn, void *ctx,
			  struct tinyskel_result *res)
{
	size_t page = tsk_sys_pagesize();
	long size;
	int err = 0;

	memset(rb, 0, sizeof(*rb));
	if (map_fd <= 0 || !fn)
		return tsk_op_fail(res, TINYSKEL_STEP_RINGBUF, -EBADF, "ring buffer open: no map fd or callback");
	size = tsk_ringbuf_size(map_fd, TSK_BPF_MAP_TYPE_RINGBUF);
	if (size < 0)
		return tsk_op_fail(res, TINYSKEL_STEP_RINGBUF, (int)size, rb_reason((int)size));
	rb->page = page;
	rb->size = (uint32_t)size;
	rb->consumer = tsk_sys_mmap_off(page, 1, map_fd, 0, &err);
	if (!rb->consumer)
		return tsk_op_fail(res, TINYSKEL_STEP_RINGBUF, err, rb_reason(err));
	rb->producer = tsk_sys_mmap_off(page + 2 * (size_t)rb->size, 0, map_fd, page, &err);
	if (!rb->producer) {
		tsk_sys_munmap(rb->consumer, page);
		memset(rb, 0, sizeof(*rb));
		return tsk_op_fail(res, TINYSKEL_STEP_RINGBUF, err, rb_reason(err));
	}
	rb->map_fd = map_fd;
	rb->fn = fn;
	rb->ctx = ctx;
	rb->cons = __atomic_load_n((uint64_t *)rb->consumer, __ATOMIC_ACQUIRE);
	return 0;
}

void tinyskel_ringbuf_close(struct tinyskel_ringbuf *rb)
{
	if (rb->consumer)
		tsk_sys_munmap(rb->consumer, rb->page);
	if (rb->producer)
		tsk_sys_munmap((void *)rb->producer, rb->page + 2 * (size_t)rb->size);
	memset(rb, 0, sizeof(*rb));
}

static uint32_t producer_pos(const struct tinyskel_ringbuf *rb)
{
	return __atomic_load_n((const uint32_t *)rb->producer, __ATOMIC_ACQUIRE);
}

uint32_t tinyskel_ringbuf_avail(const struct tinyskel_ringbuf *rb)
{
	return rb->producer ? producer_pos(rb) - (uint32_t)__atomic_load_n((const uint64_t *)rb->consumer,
									__ATOMIC_ACQUIRE) : 0;
}

/* The position (another process may have written it) and the record
 * there: NULL when both can be walked, else why not. */
static const char *bad_record(uint32_t cons, uint32_t prod, uint32_t size, uint32_t len)
{
	uint32_t avail = prod - cons;

	if (cons & 7)
		return TSK_WHY("ring buffer: consumer position not 8-byte aligned (written by another process?)");
	if (avail > size)
		return TSK_WHY("ring buffer: consumer position ahead of the producer or a ring behind (written by another process?)");
	len &= ~(RB_BUSY | RB_DISCARD);
	if (len > size - RB_HDR || ((len + RB_HDR + 7) & ~7u) > avail)
		return TSK_WHY("ring buffer: record longer than the ring or past the producer (consumer position moved into a payload?)");
	return NULL;
}

/* The walk keeps the ring's fields in locals: the callback may reach `rb`
 * (it is the caller's), so the compiler would otherwise reload each one
 * after every record. */
int tinyskel_ringbuf_consume(struct tinyskel_ringbuf *rb)
{
	const uint8_t *data;
	uint64_t *consumer = rb->consumer, cons;
	tinyskel_ringbuf_fn fn = rb->fn;
	void *ctx = rb->ctx;
	uint32_t prod, size = rb->size, mask = size - 1, len;
	const char *bad = NULL;
	int n = 0, r = 0;

	if (!rb->producer)
		return -EBADF;
	data = (const uint8_t *)rb->producer + rb->page;
	/* From the shared page, not a private copy: whoever consumed last
	 * (another ring user, or us before a fork) moved it. */
	cons = __atomic_load_n(consumer, __ATOMIC_ACQUIRE);
	for (;;) {
		prod = producer_pos(rb);
		if (prod == (uint32_t)cons) {
			/* Empty.  Our position store must be visible before the
			 * last look at the producer's: the kernel wakes a waiter
			 * only for a record at the consumer position it reads, so
			 * a store-load reorder here could lose that wake-up. */
			__atomic_thread_fence(__ATOMIC_SEQ_CST);
			if ((prod = producer_pos(rb)) == (uint32_t)cons)
				break;
		}
		while ((uint32_t)cons != prod) {
			const uint8_t *hdr = data + ((uint32_t)cons & mask & ~7u);

			/* Aligned even when the position is not: the check below
			 * refuses that position before the length is used. */
			len = __atomic_load_n((const uint32_t *)hdr, __ATOMIC_ACQUIRE);
			if ((bad = bad_record((uint32_t)cons, prod, size, len)) != NULL) {
				r = -EBADMSG;
				goto out;
			}
			if (len & RB_BUSY) /* reserved, not committed yet: later records wait for it */
				goto out;
			if (!(len & RB_DISCARD)) {
				r = fn(ctx, hdr + RB_HDR, len & ~(RB_BUSY | RB_DISCARD));
				n++;
			}
			cons += ((len & ~(RB_BUSY | RB_DISCARD)) + RB_HDR + 7) & ~7u;
			__atomic_store_n(consumer, cons, __ATOMIC_RELEASE);
			if (r < 0)
				goto out;
		}
	}
out:
	rb->cons = cons;
	rb->records += (uint64_t)n;
	rb->error = bad;
	return r < 0 ? r : n;
}

int tinyskel_ringbuf_poller_init(struct tinyskel_ringbuf_poller *p, struct tinyskel_ringbuf *rings, uint32_t nr,
				 struct tinyskel_result *res)
{
	uint32_t i;
	int err;

	memset(p, 0, sizeof(*p));
	if (!rings || nr == 0)
		return tsk_op_fail(res, TINYSKEL_STEP_RINGBUF, -EINVAL, "ring buffer poll: no rings");
	/* >= 3: poll and close take epoll_fd 0 for "none". */
	err = (int)tsk_fd_good(tsk_sys_epoll_create());
	if (err < 0)
		return tsk_op_fail(res, TINYSKEL_STEP_RINGBUF, err, "ring buffer poll: epoll_create failed");
	p->epoll_fd = err;
	for (i = 0; i < nr; i++) {
		err = rings[i].producer ? tsk_sys_epoll_add(p->epoll_fd, rings[i].map_fd, i) : -EBADF;
		if (err < 0) {
			tsk_sys_close(p->epoll_fd);
			p->epoll_fd = 0;
			return tsk_op_fail(res, TINYSKEL_STEP_RINGBUF, err,
					   "ring buffer poll: cannot watch a ring (not opened?)");
		}
	}
	p->rings = rings;
	p->nr = nr;
	return 0;
}

int tinyskel_ringbuf_poll(struct tinyskel_ringbuf_poller *p, int timeout_ms)
{
	uint32_t tags[16];
	int n, i, r, total = 0;

	if (p->epoll_fd <= 0)
		return -EBADF;
	n = tsk_sys_epoll_wait(p->epoll_fd, tags, 16, timeout_ms);
	if (n < 0)
		return n;
	/* On a timeout look at every ring anyway (one load each): records
	 * committed with BPF_RB_NO_WAKEUP never make the fd ready, and they
	 * should wait at most one timeout, not forever. */
	if (n == 0) {
		for (i = 0; i < (int)p->nr && i < 16; i++)
			if (tinyskel_ringbuf_avail(&p->rings[i]))
				tags[n++] = (uint32_t)i;
	}
	for (i = 0; i < n; i++) {
		if (tags[i] >= p->nr)
			continue;
		r = tinyskel_ringbuf_consume(&p->rings[tags[i]]);
		if (r < 0)
			return r;
		total += r;
	}
	return total;
}

void tinyskel_ringbuf_poller_close(struct tinyskel_ringbuf_poller *p)
{
	if (p->epoll_fd > 0)
		tsk_sys_close(p->epoll_fd);
	memset(p, 0, sizeof(*p));
}
