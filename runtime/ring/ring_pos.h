/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * ring_pos.h - the kernel's ring buffer positions in the shared pages, for
 * ringbuf.c and user_ringbuf.c: one definition of where the word sits.
 *
 * The kernel keeps each position as an `unsigned long` at offset 0 of its
 * page.  We compare positions in their low 32 bits (only differences
 * below 4 GiB matter) and write our own position as the kernel reads it:
 *  - little-endian: the low word is at offset 0 for either kernel word
 *    size, and we write 64 bits whole (on a 32-bit kernel the upper word
 *    falls in unused bytes; on a 64-bit kernel under a 32-bit process it
 *    keeps the position right past 4 GiB of traffic);
 *  - big-endian, 64-bit process (so a 64-bit kernel): the low word is at
 *    offset 4; we write 64 bits whole;
 *  - big-endian, 32-bit process: the kernel's word is taken to be 32 bits
 *    (MIPS BE routers run 32-bit kernels): low word and whole word at
 *    offset 0.  A 32-bit big-endian process on a 64-bit big-endian kernel
 *    would read and write the high word: not supported (docs/boards.md).
 */
#ifndef TSK_RING_POS_H
#define TSK_RING_POS_H

#include <stdint.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#if __SIZEOF_LONG__ == 8
#define TSK_POS_LOW_OFF 4
typedef uint64_t tsk_pos_t;
#else
#define TSK_POS_LOW_OFF 0
typedef uint32_t tsk_pos_t;
#endif
#else
#define TSK_POS_LOW_OFF 0
typedef uint64_t tsk_pos_t;
#endif

/* The low 32 bits of the position on `page` (acquire). */
static inline uint32_t tsk_pos_low(const void *page)
{
	return __atomic_load_n((const uint32_t *)(const void *)((const uint8_t *)page + TSK_POS_LOW_OFF),
			       __ATOMIC_ACQUIRE);
}

/* Our own position, as we wrote it last (acquire). */
static inline uint64_t tsk_pos_load(const void *page)
{
	return __atomic_load_n((const tsk_pos_t *)page, __ATOMIC_ACQUIRE);
}

/* Publish our position (release). */
static inline void tsk_pos_store(void *page, uint64_t pos)
{
	__atomic_store_n((tsk_pos_t *)page, (tsk_pos_t)pos, __ATOMIC_RELEASE);
}

#endif /* TSK_RING_POS_H */
