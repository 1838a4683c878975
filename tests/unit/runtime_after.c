/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * runtime_after.c - the after-load helpers against the fake syscall layer:
 * what each passes to the kernel (attr fields and sizes), the batch
 * fallbacks, the ring buffer's record walk over memory we write ourselves
 * (busy and discard bits, wrap-around, 64-bit consumer position), the ELF
 * reader on a hand-made 32-bit ELF, ksyscall's prefix fallback, tcx on an
 * old kernel; then every syscall of each new path fails in turn and
 * nothing is left open or mapped.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fake_sys.h"
#include "sys.h"
#include "test_skel.h"
#include "tinyskel_uapi.h"

extern int fake_bad_closes;
static struct test_skel skel;

static void loaded(void)
{
	struct tinyskel_opts opts = { .sz = sizeof(opts), .policy = TINYSKEL_POLICY_ALLOW_UNSIGNED };

	fake_reset(&test_info);
	tinyskel_init(&test_info, &skel);
	CHECK_INT(tinyskel_load(&test_info, &skel, &opts, &skel.result), 0);
	fake.ncalls = 0;
}

static const void *attr_of(int i)
{
	return i < fake.ncalls ? fake.rec[i].attr : NULL;
}

/* tinyskel_possible_cpus() over a fake /sys/devices/system/cpu/possible. */
static int possible(const char *text)
{
	fake.file = (const uint8_t *)text;
	fake.file_size = strlen(text);
	return tinyskel_possible_cpus();
}

static void map_ops(void)
{
	const struct tsk_attr_map_elem *a;
	const struct tsk_attr_map_batch *b;
	uint32_t keys[4] = { 1, 2, 3, 4 }, k = 9, n;
	uint64_t vals[4] = { 10, 20, 30, 40 }, v;

	check_ctx = "map ops";
	fake_reset(NULL);
	CHECK_INT(tinyskel_map_update(5, &k, &v, TINYSKEL_NOEXIST | TINYSKEL_F_LOCK), 0);
	a = attr_of(0);
	CHECK_INT(fake.rec[0].cmd, TSK_BPF_MAP_UPDATE_ELEM);
	CHECK_INT(fake.rec[0].size, sizeof(struct tsk_attr_map_elem));
	CHECK_INT(a->map_fd, 5);
	CHECK(a->key == (uint64_t)(uintptr_t)&k && a->value == (uint64_t)(uintptr_t)&v);
	CHECK_INT(a->flags, 5);
	CHECK_INT(tinyskel_map_get_next_key(5, NULL, &k), 0);
	a = attr_of(1);
	CHECK_INT(fake.rec[1].cmd, TSK_BPF_MAP_GET_NEXT_KEY);
	CHECK(a->key == 0 && a->value == (uint64_t)(uintptr_t)&k);
	tinyskel_map_lookup_and_delete(5, &k, &v);
	CHECK_INT(fake.rec[2].cmd, TSK_BPF_MAP_LOOKUP_AND_DELETE_ELEM);
	tinyskel_map_delete(5, &k);
	CHECK_INT(fake.rec[3].cmd, TSK_BPF_MAP_DELETE_ELEM);
	CHECK_INT(tinyskel_map_lookup(0, &k, &v), -EBADF);
	CHECK_INT(fake.ncalls, 4);

	check_ctx = "update batch";
	fake_reset(NULL);
	n = 4;
	CHECK_INT(tinyskel_map_update_batch(5, keys, vals, &n, 4, 8, TINYSKEL_EXIST), 0);
	b = attr_of(0);
	CHECK_INT(fake.rec[0].cmd, TSK_BPF_MAP_UPDATE_BATCH);
	CHECK_INT(b->count, 4);
	CHECK_INT(b->elem_flags, TINYSKEL_EXIST);
	CHECK_INT(fake.ncalls, 1);

	check_ctx = "update batch, kernel without batches";
	fake_reset(NULL);
	fake.fail_cmd = TSK_BPF_MAP_UPDATE_BATCH;
	fake.fail_err = -EINVAL;
	n = 4;
	CHECK_INT(tinyskel_map_update_batch(5, keys, vals, &n, 4, 8, 0), 0);
	CHECK_INT(n, 4);
	CHECK_INT(fake_count(FAKE_BPF, TSK_BPF_MAP_UPDATE_ELEM), 4);
	a = attr_of(3);
	CHECK(a && a->key == (uint64_t)(uintptr_t)&keys[2] && a->value == (uint64_t)(uintptr_t)&vals[2]);
	/* an element failing in the fallback: stop there, count says so */
	fake_reset(NULL);
	fake.fail_cmd = TSK_BPF_MAP_UPDATE_BATCH;
	fake.fail_err = -EINVAL;
	fake.fail_at = 3;
	n = 4;
	CHECK_INT(tinyskel_map_update_batch(5, keys, vals, &n, 4, 8, 0), -EINVAL);
	CHECK_INT(n, 2);

	check_ctx = "delete batch, map type without batches";
	fake_reset(NULL);
	fake.fail_cmd = TSK_BPF_MAP_DELETE_BATCH;
	fake.fail_err = -TSK_ENOTSUPP;
	n = 3;
	CHECK_INT(tinyskel_map_delete_batch(5, keys, &n, 4), 0);
	CHECK_INT(n, 3);
	CHECK_INT(fake_count(FAKE_BPF, TSK_BPF_MAP_DELETE_ELEM), 3);

	check_ctx = "lookup batch fallback";
	{
		struct tinyskel_map_iter it = { .key_size = 4, .value_size = 8 };
		uint32_t cursor = 0, bk[3];
		uint64_t bv[3];

		it.cursor = &cursor;
		fake_reset(NULL);
		fake.fail_cmd = TSK_BPF_MAP_LOOKUP_BATCH;
		fake.fail_err = -EINVAL;
		n = 3;
		CHECK_INT(tinyskel_map_lookup_batch(&it, 5, bk, bv, &n), 0);
		CHECK_INT(n, 3);
		CHECK_INT(it.fallback, 1);
		/* batch, then (next key, lookup) x3; the 2nd next-key starts at the cursor */
		CHECK_INT(fake.ncalls, 7);
		CHECK_INT(fake.rec[1].cmd, TSK_BPF_MAP_GET_NEXT_KEY);
		CHECK(((const struct tsk_attr_map_elem *)attr_of(1))->key == 0);
		CHECK(((const struct tsk_attr_map_elem *)attr_of(3))->key == (uint64_t)(uintptr_t)&cursor);
		CHECK_INT(fake.rec[2].cmd, TSK_BPF_MAP_LOOKUP_ELEM);
		/* the end of the walk */
		fake.fail_cmd = TSK_BPF_MAP_GET_NEXT_KEY;
		fake.fail_err = -ENOENT;
		n = 3;
		CHECK_INT(tinyskel_map_lookup_batch(&it, 5, bk, bv, &n), -ENOENT);
		CHECK_INT(n, 0);
		CHECK_INT(it.done, 1);
		CHECK_INT(tinyskel_map_lookup_batch(&it, 5, bk, bv, &n), -ENOENT);
	}

	check_ctx = "possible cpus";
	fake_reset(NULL);
	CHECK_INT(possible("0-3,8-9,12\n"), 7);
	CHECK_INT(possible("0\n"), 1);
	CHECK_INT(possible("0-1"), 2); /* no newline: the end of the file ends the list */
	CHECK_INT(possible("3-1\n"), -EINVAL);
	CHECK_INT(possible("x\n"), -EINVAL);
	CHECK_INT(possible(""), -EINVAL);
	CHECK_INT(possible("\n"), -EINVAL);
	CHECK_INT(possible("0-3,\n"), -EINVAL);
	CHECK_INT(possible("0-\n"), -EINVAL);
	CHECK_INT(possible("0-3\n4"), -EINVAL);       /* bytes after the newline */
	CHECK_INT(possible("0-3,2-5\n"), -EINVAL);    /* overlapping: not the kernel's */
	CHECK_INT(possible("4,2\n"), -EINVAL);        /* descending */
	CHECK_INT(possible("0-65536\n"), -ERANGE);
	CHECK_INT(possible("99999999999999999999\n"), -ERANGE);
	CHECK_INT(fake.open_fds, 0);
	{
		/* issue 23, item 4: 200 CPUs in a sparse list of 1,000 bytes (the
		 * old 255-byte read counted 51), and 5,000 in a list of 29 KiB */
		static char big[40000];
		size_t n = 0;
		int i;

		for (i = 0; i < 200; i++)
			n += (size_t)snprintf(big + n, sizeof(big) - n, "%s%d", i ? "," : "", 1000 + 3 * i);
		snprintf(big + n, sizeof(big) - n, "\n");
		CHECK(strlen(big) > 744);
		CHECK_INT(possible(big), 200);
		for (n = 0, i = 0; i < 5000; i++)
			n += (size_t)snprintf(big + n, sizeof(big) - n, "%s%d", i ? "," : "", 2 * i);
		snprintf(big + n, sizeof(big) - n, "\n");
		CHECK_INT(possible(big), 5000);
		/* a read error half-way is the answer, not a count of the prefix */
		fake_reset(NULL);
		fake.file = (const uint8_t *)big;
		fake.file_size = strlen(big);
		fake.fail_at = 3; /* open, pread, pread: the second read fails */
		fake.fail_err = -EIO;
		CHECK_INT(tinyskel_possible_cpus(), -EIO);
		CHECK_INT(fake.open_fds, 0);
		fake_reset(NULL);
		fake.fail_at = 0;
		fake.fail_err = -ENOENT;
		CHECK_INT(tinyskel_possible_cpus(), -ENOENT);
	}
	CHECK_INT(tinyskel_percpu_value_size(4, 3), 24);
	CHECK_INT(tinyskel_percpu_value_size(12, 2), 32);
}

/* Ring buffer over fake mappings we fill as the kernel would. */
struct seen { int n, stop_at; uint32_t sizes[8]; uint8_t first[8]; };

static int on_rec(void *ctx, const void *data, uint32_t size)
{
	struct seen *s = ctx;

	if (s->n < 8) {
		s->sizes[s->n] = size;
		s->first[s->n] = *(const uint8_t *)data;
	}
	s->n++;
	return s->stop_at && s->n == s->stop_at ? -77 : 0;
}

static void put_rec(uint8_t *data, uint32_t size, uint64_t pos, uint32_t len, uint32_t bits, uint8_t fill)
{
	uint32_t hdr = len | bits, i, at = (uint32_t)pos & (size - 1);

	/* The kernel maps the data area twice: bytes past the end show again
	 * at the start, so write both views. */
	for (i = 0; i < 8 + len; i++) {
		uint8_t byte = i < 4 ? ((const uint8_t *)&hdr)[i] : i < 8 ? 0 : fill;

		data[(at + i) % size] = byte;
		data[size + (at + i) % size] = byte;
	}
}

static void ringbuf(void)
{
	struct tinyskel_ringbuf rb;
	struct tinyskel_ringbuf rings[2];
	struct tinyskel_ringbuf_poller p;
	struct tinyskel_result res;
	struct seen s = { 0 };
	uint64_t *cons, *prod;
	uint8_t *data;
	const uint32_t size = 4096;

	check_ctx = "ringbuf open";
	fake_reset(NULL);
	fake.map_type = TSK_BPF_MAP_TYPE_RINGBUF;
	fake.max_entries = size;
	CHECK_INT(tinyskel_ringbuf_open(&rb, 0, on_rec, &s, &res), -EBADF);
	CHECK_INT(tinyskel_ringbuf_open(&rb, 9, on_rec, &s, &res), -EBADF); /* fd 9 not open in the fake */
	CHECK_INT(fake.maps_mapped, 0);
	/* a map fd the fake knows: the loaded skeleton's */
	loaded();
	fake.map_type = TSK_BPF_MAP_TYPE_RINGBUF;
	fake.max_entries = size;
	CHECK_INT(tinyskel_ringbuf_open(&rb, skel.maps.counts.map_fd, on_rec, &s, &res), 0);
	if (!rb.producer)
		return;
	CHECK_INT(fake.rec[0].cmd, TSK_BPF_OBJ_GET_INFO_BY_FD);
	CHECK_INT(fake.rec[1].call, FAKE_MMAP);
	CHECK_INT(fake.rec[1].cmd, 1); /* consumer page writable */
	CHECK_INT(fake.rec[2].cmd, 0); /* producer + data read-only */
	CHECK_INT(rb.size, size);
	cons = rb.consumer;
	prod = (uint64_t *)(uintptr_t)rb.producer;
	data = (uint8_t *)prod + rb.page;

	check_ctx = "records";
	put_rec(data, size, 0, 5, 0, 0xa1);                  /* 16 bytes */
	put_rec(data, size, 16, 8, 1u << 30, 0xa2);          /* discarded: 16 */
	put_rec(data, size, 32, 1, 0, 0xa3);                 /* 16 */
	put_rec(data, size, 48, 4, 1u << 31, 0xa4);          /* busy: stops here */
	*prod = 64;
	CHECK_INT(tinyskel_ringbuf_avail(&rb), 64);
	CHECK_INT(tinyskel_ringbuf_consume(&rb), 2);
	CHECK_INT(s.n, 2);
	CHECK_INT(s.sizes[0], 5);
	CHECK_INT(s.first[0], 0xa1);
	CHECK_INT(s.sizes[1], 1);
	CHECK_INT(s.first[1], 0xa3);
	CHECK_INT(*cons, 48);
	CHECK_INT(tinyskel_ringbuf_consume(&rb), 0); /* still busy */
	put_rec(data, size, 48, 4, 0, 0xa4);          /* committed */
	CHECK_INT(tinyskel_ringbuf_consume(&rb), 1);
	CHECK_INT(*cons, 64);

	check_ctx = "wrap-around and 64-bit positions";
	/* Move both positions just below 4 GiB + the end of the ring. */
	rb.cons = 0x100000000ull - 32; /* 32 bytes before both the ring's end and 2^32 */
	*cons = rb.cons;
	put_rec(data, size, rb.cons, 40, 0, 0xb1); /* 48 bytes: crosses the end of the ring */
	*prod = (uint64_t)(uint32_t)(rb.cons + 48);
	s.n = 0;
	CHECK_INT(tinyskel_ringbuf_consume(&rb), 1);
	CHECK_INT(s.sizes[0], 40);
	CHECK_INT(s.first[0], 0xb1);
	CHECK(*cons == 0x100000000ull + 16); /* the upper word moved too */

	check_ctx = "stop from callback";
	put_rec(data, size, *cons, 1, 0, 0xc1);
	put_rec(data, size, *cons + 16, 1, 0, 0xc2);
	*prod = (uint32_t)(*cons + 32);
	s.n = 0;
	s.stop_at = 1;
	CHECK_INT(tinyskel_ringbuf_consume(&rb), -77);
	CHECK(*cons == 0x100000000ull + 32); /* the stopping record is consumed */
	s.stop_at = 0;
	CHECK_INT(tinyskel_ringbuf_consume(&rb), 1);

	check_ctx = "a consumer position another process wrote (issue 23, item 2)";
	/* Two 8-byte records from 0; the first payload's low word is a length. */
	rb.cons = 0;
	*cons = 0;
	put_rec(data, size, 0, 8, 0, 0);
	put_rec(data, size, 16, 8, 0, 0xd2);
	memcpy(data + 8, &(uint32_t){ 0x3ffffff0 }, 4);
	memcpy(data + size + 8, &(uint32_t){ 0x3ffffff0 }, 4);
	*prod = 32;
	s.n = 0;
	*cons = 8; /* into the first payload: "len" 0x3ffffff0 */
	CHECK_INT(tinyskel_ringbuf_consume(&rb), -EBADMSG);
	CHECK_INT(s.n, 0);
	CHECK(*cons == 8); /* left as found */
	CHECK(rb.error != NULL);
#ifdef CONFIG_ERROR_STRINGS
	CHECK(rb.error && strstr(rb.error, "record longer than the ring") != NULL);
#endif
	memcpy(data + 8, &(uint32_t){ 64 }, 4); /* fits the ring, not what was produced */
	CHECK_INT(tinyskel_ringbuf_consume(&rb), -EBADMSG);
	*cons = 4; /* not aligned */
	CHECK_INT(tinyskel_ringbuf_consume(&rb), -EBADMSG);
#ifdef CONFIG_ERROR_STRINGS
	CHECK(rb.error && strstr(rb.error, "aligned") != NULL);
#endif
	*cons = 48; /* ahead of the producer: was a walk of 2^32 bytes of stale data */
	CHECK_INT(tinyskel_ringbuf_consume(&rb), -EBADMSG);
#ifdef CONFIG_ERROR_STRINGS
	CHECK(rb.error && strstr(rb.error, "ahead of the producer") != NULL);
#endif
	*cons = (uint64_t)32 - size - 8; /* more than a ring behind */
	CHECK_INT(tinyskel_ringbuf_consume(&rb), -EBADMSG);
	CHECK_INT(s.n, 0);
	*cons = 0; /* back where the kernel left it: both records, and no error */
	memcpy(data + 8, &(uint32_t){ 0 }, 4);
	CHECK_INT(tinyskel_ringbuf_consume(&rb), 2);
	CHECK(rb.error == NULL);
	CHECK_INT(s.sizes[1], 8);
	CHECK_INT(s.first[1], 0xd2);
	/* the largest record the ring holds is delivered, one byte more is not */
	*cons = *prod = 0;
	put_rec(data, size, 0, size - 8, 0, 0xe1);
	*prod = size;
	s.n = 0;
	CHECK_INT(tinyskel_ringbuf_consume(&rb), 1);
	CHECK_INT(s.sizes[0], size - 8);
	*cons = 0;
	memcpy(data, &(uint32_t){ size - 7 }, 4); /* the header alone: its payload would wrap onto it */
	memcpy(data + size, &(uint32_t){ size - 7 }, 4);
	CHECK_INT(tinyskel_ringbuf_consume(&rb), -EBADMSG);
	CHECK_INT(s.n, 1);
	*cons = *prod;

	check_ctx = "poller";
	rings[0] = rb;
	rings[1] = rb;
	fake.ncalls = 0;
	CHECK_INT(tinyskel_ringbuf_poller_init(&p, rings, 2, &res), 0);
	CHECK_INT(fake_count(FAKE_EPOLL_ADD, -1), 2);
	fake.epoll_ready = 0;
	CHECK_INT(tinyskel_ringbuf_poll(&p, 25), 0);
	CHECK_INT(fake.rec[fake.ncalls - 1].cmd, 25);
	tinyskel_ringbuf_poller_close(&p);
	tinyskel_ringbuf_close(&rb);
	CHECK_INT(fake.maps_mapped, 2); /* the globals of the loaded skeleton */
	tinyskel_destroy(&test_info, &skel);
	CHECK_INT(fake.open_fds, 0);
	CHECK_INT(fake.maps_mapped, 0);
}

static void user_ringbuf(void)
{
	struct tinyskel_user_ringbuf rb;
	uint64_t *prod, *cons;
	uint32_t *hdr;
	uint8_t *p;
	int err, i;

	check_ctx = "user ringbuf";
	loaded();
	fake.map_type = TSK_BPF_MAP_TYPE_USER_RINGBUF;
	fake.max_entries = 4096;
	CHECK_INT(tinyskel_user_ringbuf_open(&rb, skel.maps.counts.map_fd, NULL), 0);
	CHECK_INT(fake.rec[1].cmd, 0); /* consumer page: read-only */
	CHECK_INT(fake.rec[2].cmd, 1); /* producer + data: ours */
	if (!rb.producer)
		return;
	prod = rb.producer;
	cons = (uint64_t *)(uintptr_t)rb.consumer;
	hdr = (uint32_t *)(void *)((uint8_t *)rb.producer + rb.page);
	p = tinyskel_user_ringbuf_reserve(&rb, 5, &err);
	CHECK(p == (uint8_t *)hdr + 8);
	CHECK_INT(hdr[0], 5u | (1u << 31)); /* busy until submitted */
	CHECK_INT(*prod, 16);
	tinyskel_user_ringbuf_submit(&rb, p);
	CHECK_INT(hdr[0], 5);
	p = tinyskel_user_ringbuf_reserve(&rb, 8, &err);
	tinyskel_user_ringbuf_discard(&rb, p);
	CHECK_INT(hdr[4], 8u | (1u << 30));
	CHECK_INT(tinyskel_user_ringbuf_free(&rb), 4096 - 32);
	for (i = 0; tinyskel_user_ringbuf_reserve(&rb, 8, &err); i++)
		;
	CHECK_INT(err, -ENOSPC);
	CHECK_INT(i, (4096 - 32) / 16);
	*cons = 4096; /* the kernel drained everything */
	CHECK(tinyskel_user_ringbuf_reserve(&rb, 4088, &err) != NULL); /* exactly the ring */
	*cons = *prod;
	CHECK(tinyskel_user_ringbuf_reserve(&rb, 4089, &err) == NULL);
	CHECK_INT(err, -E2BIG);
	/* A producer position another process wrote (issue 23, item 2). */
	*prod = *cons + 4; /* misaligned: the header would be too */
	CHECK(tinyskel_user_ringbuf_reserve(&rb, 8, &err) == NULL);
	CHECK_INT(err, -EBADMSG);
	CHECK(rb.error != NULL);
	*prod = *cons + 4096 + 16; /* more than a ring ahead: was room by wrap-around */
	CHECK(tinyskel_user_ringbuf_reserve(&rb, 8, &err) == NULL);
	CHECK_INT(err, -EBADMSG);
	CHECK_INT(tinyskel_user_ringbuf_free(&rb), 0);
	*prod = *cons;
	CHECK(tinyskel_user_ringbuf_reserve(&rb, 8, &err) != NULL);
	tinyskel_user_ringbuf_close(&rb);
	fake.map_type = TSK_BPF_MAP_TYPE_RINGBUF;
	CHECK_INT(tinyskel_user_ringbuf_open(&rb, skel.maps.counts.map_fd, NULL), -EINVAL);
	tinyskel_destroy(&test_info, &skel);
	CHECK_INT(fake.open_fds, 0);
	CHECK_INT(fake.maps_mapped, 0);
}

/* A minimal ELF32: one PT_LOAD (file 0x100 at vaddr 0x10100), .symtab
 * with an object and a function, .strtab. */
static uint8_t elf32[0x200];

static void w16(uint32_t off, uint16_t v) { memcpy(elf32 + off, &v, 2); }
static void w32(uint32_t off, uint32_t v) { memcpy(elf32 + off, &v, 4); }

static void make_elf32(void)
{
	static const char strtab[] = "\0data_obj\0probe_me\0";
	uint32_t sh = 0x120;

	memset(elf32, 0, sizeof(elf32));
	memcpy(elf32, "\177ELF", 4);
	elf32[4] = 1; /* ELFCLASS32 */
	elf32[5] = 1; /* little-endian */
	elf32[6] = 1;
	w32(28, 0x34);  /* e_phoff */
	w32(32, sh);    /* e_shoff */
	w16(42, 32);    /* e_phentsize */
	w16(44, 1);     /* e_phnum */
	w16(46, 40);    /* e_shentsize */
	w16(48, 3);     /* e_shnum: null, symtab, strtab */
	/* PT_LOAD: offset 0x100, vaddr 0x10100, filesz 0x100 */
	w32(0x34, 1);
	w32(0x34 + 4, 0x100);
	w32(0x34 + 8, 0x10100);
	w32(0x34 + 16, 0x100);
	/* .symtab at 0x60: null, data_obj (OBJECT), probe_me (FUNC @ 0x10140) */
	w32(0x60 + 16, 1);
	w32(0x60 + 20, 0x10180);
	elf32[0x60 + 16 + 12] = 1; /* STT_OBJECT */
	w16(0x60 + 16 + 14, 1);
	w32(0x60 + 32, 10);
	w32(0x60 + 36, 0x10140);
	elf32[0x60 + 32 + 12] = 0x12; /* GLOBAL FUNC */
	w16(0x60 + 32 + 14, 1);
	memcpy(elf32 + 0xa0, strtab, sizeof(strtab));
	/* section 1: SHT_SYMTAB @0x60 size 48 link 2 entsize 16 */
	w32(sh + 40 + 4, 2);
	w32(sh + 40 + 16, 0x60);
	w32(sh + 40 + 20, 48);
	w32(sh + 40 + 24, 2);
	w32(sh + 40 + 36, 16);
	/* section 2: SHT_STRTAB @0xa0 */
	w32(sh + 80 + 4, 3);
	w32(sh + 80 + 16, 0xa0);
	w32(sh + 80 + 20, sizeof(strtab));
}

static void elf_reader(void)
{
	uint64_t off = 0;

	check_ctx = "elf32";
	make_elf32();
	fake_reset(NULL);
	fake.file = elf32;
	fake.file_size = sizeof(elf32);
	CHECK_INT(tinyskel_elf_func_offset("/bin/x", "probe_me", &off), 0);
	CHECK_INT(off, 0x140); /* 0x10140 - 0x10100 + 0x100 */
	CHECK_INT(tinyskel_elf_func_offset("/bin/x", "data_obj", &off), -ENOENT); /* not a function */
	CHECK_INT(tinyskel_elf_func_offset("/bin/x", "probe", &off), -ENOENT);    /* prefix only */
	CHECK_INT(fake.open_fds, 0);
	/* Thumb function (bit 0) on a 32-bit ELF: refused */
	w32(0x60 + 36, 0x10141);
	CHECK_INT(tinyskel_elf_func_offset("/bin/x", "probe_me", &off), -EOPNOTSUPP);
	w32(0x60 + 36, 0x10140);
	/* truncated: every length below the section headers' end fails cleanly */
	for (size_t len = 0; len < 0x120 + 120; len += 7) {
		fake.file_size = len;
		CHECK(tinyskel_elf_func_offset("/bin/x", "probe_me", &off) < 0);
	}
	fake.file_size = sizeof(elf32);
	elf32[5] = 2; /* big-endian: not the device's byte order */
	CHECK_INT(tinyskel_elf_func_offset("/bin/x", "probe_me", &off), -ENOEXEC);
	CHECK_INT(fake.open_fds, 0);
}

static void attach_targets(void)
{
	const struct tsk_attr_link_create *l;
	const struct tsk_attr_link_create_tcx *t;
	const struct tsk_attr_link_create_kmulti *km;
	static const char *const syms[] = { "do_sys_openat2", "vfs_read" };
	struct tinyskel_result res;
	int fd;

	check_ctx = "xdp";
	loaded();
	fd = tinyskel_attach_xdp(&test_info, &skel, 5, 7, TINYSKEL_XDP_SKB, &res);
	CHECK(fd > 0);
	CHECK_INT(skel.links.plain_fd, fd);
	l = attr_of(0);
	CHECK_INT(l->prog_fd, skel.progs.plain.prog_fd);
	CHECK_INT(l->target_fd, 7);
	CHECK_INT(l->attach_type, TSK_BPF_XDP);
	CHECK_INT(l->flags, TINYSKEL_XDP_SKB);
	CHECK_INT(tinyskel_attach_xdp(&test_info, &skel, 5, 7, 0, &res), -EBUSY);
	tinyskel_detach(&test_info, &skel);
	CHECK_INT(skel.links.plain_fd, 0);

	check_ctx = "tcx";
	fake.ncalls = 0;
	fd = tinyskel_attach_tcx(&test_info, &skel, 5, 7, 1, &res);
	CHECK(fd > 0);
	t = attr_of(0);
	CHECK_INT(t->attach_type, TSK_BPF_TCX_EGRESS);
	CHECK_INT(t->target_ifindex, 7);
	CHECK_INT(fake.rec[0].size, sizeof(struct tsk_attr_link_create_tcx));
	tinyskel_detach(&test_info, &skel);
	check_ctx = "tcx on 6.1";
	fake.fail_cmd = TSK_BPF_LINK_CREATE;
	fake.fail_err = -EINVAL;
	fake.read_text = "6.1.0-28-arm64\n";
	CHECK_INT(tinyskel_attach_tcx(&test_info, &skel, 5, 7, 0, &res), -EOPNOTSUPP);
	CHECK_REASON(res, "6.6");
	fake.read_text = "6.18.4\n";
	CHECK_INT(tinyskel_attach_tcx(&test_info, &skel, 5, 7, 0, &res), -EINVAL);
	fake.fail_cmd = -1;
	fake.read_text = NULL;
	CHECK_INT(skel.links.plain_fd, 0);

	check_ctx = "cgroup";
	fake.ncalls = 0;
	CHECK_INT(tinyskel_cgroup_attach_type("cgroup/connect6"), 11);
	CHECK_INT(tinyskel_cgroup_attach_type("cgroup/sock_create"), 2);
	CHECK_INT(tinyskel_cgroup_attach_type("cgroup_skb/ingress"), 0);
	CHECK_INT(tinyskel_cgroup_attach_type("xdp"), -EINVAL);
	fd = tinyskel_attach_cgroup(&test_info, &skel, 5, 11, "cgroup/getsockopt", &res);
	CHECK(fd > 0);
	l = attr_of(0);
	CHECK_INT(l->target_fd, 11);
	CHECK_INT(l->attach_type, 21);
	tinyskel_detach(&test_info, &skel);

	check_ctx = "ksyscall";
	fake.ncalls = 0;
	fd = tinyskel_attach_ksyscall(&test_info, &skel, 5, "openat", 0, &res);
	CHECK(fd > 0);
	CHECK_INT(fake_count(FAKE_PERF, -1), 1);
	{
		int i;

		for (i = 0; i < fake.ncalls && fake.rec[i].call != FAKE_PERF; i++)
			;
#if defined(__x86_64__)
		CHECK_STR(fake.rec[i].text, "__x64_sys_openat");
#elif defined(__aarch64__) || defined(__arm__)
		CHECK_STR(fake.rec[i].text, "__arm64_sys_openat");
#endif
	}
	tinyskel_detach(&test_info, &skel);
	/* the wrapped name is unknown (a 32-bit ARM kernel): plain sys_ */
	fake.ncalls = 0;
	fake.fail_at = 3; /* PMU check, read type, read retprobe bit -> the first perf_event_open */
	{
		int i, first = -1, second = -1;

		fake.fail_err = -ENOENT;
		fd = tinyskel_attach_ksyscall(&test_info, &skel, 5, "openat", 1, &res);
		for (i = 0; i < fake.ncalls; i++)
			if (fake.rec[i].call == FAKE_PERF && first < 0)
				first = i;
			else if (fake.rec[i].call == FAKE_PERF && second < 0)
				second = i;
		CHECK(first >= 0 && second > first);
		if (first >= 0 && second > first && fake.fail_at == first) {
			CHECK(fd > 0);
			CHECK_STR(fake.rec[second].text, "sys_openat");
		}
	}
	fake.fail_at = -1;
	tinyskel_detach(&test_info, &skel);

	check_ctx = "kprobe.multi";
	fake.ncalls = 0;
	fd = tinyskel_attach_kprobe_multi(&test_info, &skel, 5, syms, 2, 1, &res);
	CHECK(fd > 0);
	km = attr_of(0);
	CHECK_INT(km->attach_type, TSK_BPF_TRACE_KPROBE_MULTI);
	CHECK_INT(km->cnt, 2);
	CHECK_INT(km->kmulti_flags, 1);
	CHECK(km->syms == (uint64_t)(uintptr_t)syms);
	tinyskel_detach(&test_info, &skel);

	check_ctx = "uprobe";
	make_elf32();
	fake.file = elf32;
	fake.file_size = sizeof(elf32);
	fake.ncalls = 0;
	fd = tinyskel_attach_uprobe(&test_info, &skel, 5, "/bin/x", "probe_me", 42, 0, &res);
	CHECK(fd > 0);
	{
		int i;

		for (i = 0; i < fake.ncalls && fake.rec[i].call != FAKE_PERF; i++)
			;
		if (i < fake.ncalls) {
			const struct tsk_perf_event_attr *pa = (const void *)fake.rec[i].attr;

			CHECK_INT(pa->type, 7);
			CHECK_INT(pa->config2, 0x140);
			CHECK_STR(fake.rec[i].text, "/bin/x");
		}
	}
	tinyskel_destroy(&test_info, &skel);
	CHECK_INT(fake.open_fds, 0);
}

static void extra_links(void)
{
	int fds[2], a, b;
	struct tinyskel_links l = TINYSKEL_LINKS(fds);
	struct tinyskel_links none = { NULL, 0, 0 };

	check_ctx = "extra links";
	loaded();
	CHECK_INT(l.cap, 2);
	a = tinyskel_links_add(&l, tinyskel_link_xdp(skel.progs.plain.prog_fd, 7, 0));
	b = tinyskel_links_add(&l, tinyskel_link_xdp(skel.progs.plain.prog_fd, 8, 0));
	CHECK(a > 0 && b > 0 && a != b);
	CHECK_INT(l.n, 2);
	CHECK_INT(tinyskel_links_add(&l, -ENODEV), -ENODEV); /* a failed attach passes through */
	CHECK_INT(tinyskel_links_add(&l, tinyskel_link_xdp(skel.progs.plain.prog_fd, 9, 0)), -ENOSPC);
	CHECK_INT(tinyskel_links_add(&none, tinyskel_link_xdp(skel.progs.plain.prog_fd, 9, 0)), -EINVAL);
	CHECK_INT(l.n, 2);
	tinyskel_links_close(&l);
	CHECK_INT(l.n, 0);
	CHECK_INT(fds[0], 0);
	tinyskel_destroy(&test_info, &skel);
	CHECK_INT(fake.open_fds, 0); /* the refused ones were closed too */
	CHECK_INT(fake_bad_closes, 0);
}

/* Every syscall of one operation fails in turn: the operation fails (or
 * recovers, where it has a fallback), and nothing is left open or mapped. */
typedef int (*op_fn)(void);

static int op_xdp(void) { return tinyskel_attach_xdp(&test_info, &skel, 5, 3, 0, NULL); }
static int op_tcx(void) { return tinyskel_attach_tcx(&test_info, &skel, 5, 3, 0, NULL); }
static int op_cg(void) { return tinyskel_attach_cgroup(&test_info, &skel, 5, 3, "cgroup/bind4", NULL); }
static int op_ksys(void) { return tinyskel_attach_ksyscall(&test_info, &skel, 5, "read", 0, NULL); }
static int op_kmulti(void)
{
	static const char *const s[] = { "a" };

	return tinyskel_attach_kprobe_multi(&test_info, &skel, 5, s, 1, 0, NULL);
}
static int op_uprobe(void) { return tinyskel_attach_uprobe(&test_info, &skel, 5, "/bin/x", "probe_me", 0, 1, NULL); }
static int op_pin_skel(void) { return tinyskel_pin_skel(&test_info, &skel, "/sys/fs/bpf/t", NULL); }
static int op_pinned_open(void)
{
	int fd = tinyskel_pinned_open("/sys/fs/bpf/t/counts", 0, NULL);

	if (fd > 0)
		tsk_sys_close(fd);
	return fd < 0 ? fd : 0;
}
static int op_user_ringbuf(void)
{
	struct tinyskel_user_ringbuf rb;
	int err;

	fake.map_type = TSK_BPF_MAP_TYPE_USER_RINGBUF;
	err = tinyskel_user_ringbuf_open(&rb, skel.maps.counts.map_fd, NULL);
	fake.map_type = TSK_BPF_MAP_TYPE_RINGBUF;
	tinyskel_user_ringbuf_close(&rb);
	return err;
}
static struct tinyskel_ringbuf frb[2];
static int op_ringbuf(void)
{
	struct tinyskel_ringbuf_poller p;
	int err = tinyskel_ringbuf_open(&frb[0], skel.maps.counts.map_fd, on_rec, NULL, NULL);

	if (!err)
		err = tinyskel_ringbuf_open(&frb[1], skel.maps.counts.map_fd, on_rec, NULL, NULL);
	if (!err)
		err = tinyskel_ringbuf_poller_init(&p, frb, 2, NULL);
	if (!err) {
		err = tinyskel_ringbuf_poll(&p, 0);
		tinyskel_ringbuf_poller_close(&p);
	}
	tinyskel_ringbuf_close(&frb[0]);
	tinyskel_ringbuf_close(&frb[1]);
	return err < 0 ? err : 0;
}

static void faults(const char *name, op_fn op)
{
	static const int errs[] = { -EPERM, -EINVAL, -ENOENT, -EBADF, -ENOMEM, -EOPNOTSUPP };
	char ctx[128];
	int base_fds, base_maps, n, i, e, err;

	loaded();
	make_elf32();
	fake.file = elf32;
	fake.file_size = sizeof(elf32);
	fake.map_type = TSK_BPF_MAP_TYPE_RINGBUF;
	fake.max_entries = 4096;
	base_fds = fake.open_fds;
	base_maps = fake.maps_mapped;
	check_ctx = name;
	CHECK(op() >= 0);
	n = fake.ncalls;
	tinyskel_detach(&test_info, &skel);
	if (op == op_pin_skel)
		CHECK_INT(fake_count(FAKE_BPF, TSK_BPF_OBJ_PIN), 3); /* three maps, no link */
	for (i = 0; i < n; i++) {
		for (e = 0; e < (int)(sizeof(errs) / sizeof(errs[0])); e++) {
			fake.ncalls = 0;
			fake.fail_at = i;
			fake.fail_err = errs[e];
			err = op();
			snprintf(ctx, sizeof(ctx), "%s: call %d fails with %d", name, i, errs[e]);
			check_ctx = ctx;
			if (err < 0)
				CHECK_INT(skel.links.plain_fd, 0);
			tinyskel_detach(&test_info, &skel);
			CHECK_INT(fake.open_fds, base_fds);
			CHECK_INT(fake.maps_mapped, base_maps);
			CHECK_INT(fake_bad_closes, 0);
			if (op == op_pin_skel && err < 0) /* what it pinned it unpinned (none when the directory check failed) */
				CHECK_INT(fake_count(FAKE_UNLINK, -1),
					  fake_count(FAKE_BPF, TSK_BPF_OBJ_PIN) ? fake_count(FAKE_BPF, TSK_BPF_OBJ_PIN) - 1 : 0);
		}
	}
	fake.fail_at = -1;
	tinyskel_destroy(&test_info, &skel);
	CHECK_INT(fake.open_fds, 0);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0); /* failures show even if a sanitizer aborts */
	map_ops();
	ringbuf();
	user_ringbuf();
	elf_reader();
	attach_targets();
	extra_links();
	faults("xdp", op_xdp);
	faults("tcx", op_tcx);
	faults("cgroup", op_cg);
	faults("ksyscall", op_ksys);
	faults("kprobe.multi", op_kmulti);
	faults("uprobe", op_uprobe);
	faults("pin skeleton", op_pin_skel);
	faults("open pinned", op_pinned_open);
	faults("ring buffer", op_ringbuf);
	faults("user ring buffer", op_user_ringbuf);
	return check_exit();
}
