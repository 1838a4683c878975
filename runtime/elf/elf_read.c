/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* elf_read.c - the ELF reader of elf.h (headers, sections, segments). */
#include <errno.h>

#include "../internal.h"
#include "elf.h"

#define ELF_PT_LOAD 1

int tsk_elf_read(int fd, void *buf, size_t len, uint64_t off)
{
	long n = tsk_sys_pread(fd, buf, len, off);

	return n < 0 ? (int)n : (size_t)n == len ? 0 : -ENOEXEC; /* short: truncated file */
}

int tsk_elf_open(struct tsk_elf *e, int fd)
{
	uint8_t h[64];
	uint16_t one = 1;
	int err = tsk_elf_read(fd, h, 52, 0);

	if (err)
		return err;
	if (memcmp(h, "\177ELF", 4) || (h[4] != 1 && h[4] != 2) ||
	    h[5] != (*(const uint8_t *)&one == 1 ? 1 : 2)) /* EI_DATA must be the host's */
		return -ENOEXEC;
	e->fd = fd;
	e->is64 = h[4] == 2;
	if (e->is64) {
		if ((err = tsk_elf_read(fd, h, 64, 0)))
			return err;
		e->phoff = tsk_rd64(h + 32);
		e->shoff = tsk_rd64(h + 40);
		e->phentsize = tsk_rd16(h + 54);
		e->phnum = tsk_rd16(h + 56);
		e->shentsize = tsk_rd16(h + 58);
		e->shnum = tsk_rd16(h + 60);
	} else {
		e->phoff = tsk_rd32(h + 28);
		e->shoff = tsk_rd32(h + 32);
		e->phentsize = tsk_rd16(h + 42);
		e->phnum = tsk_rd16(h + 44);
		e->shentsize = tsk_rd16(h + 46);
		e->shnum = tsk_rd16(h + 48);
	}
	if (e->shentsize < (e->is64 ? 64u : 40u) || e->phentsize < (e->is64 ? 56u : 32u))
		return -ENOEXEC;
	return 0;
}

int tsk_elf_shdr(const struct tsk_elf *e, uint32_t i, struct tsk_elf_shdr *s)
{
	uint8_t b[64];
	int err = tsk_elf_read(e->fd, b, e->is64 ? 64 : 40, e->shoff + (uint64_t)i * e->shentsize);

	if (err)
		return err;
	s->type = tsk_rd32(b + 4);
	if (e->is64) {
		s->offset = tsk_rd64(b + 24);
		s->size = tsk_rd64(b + 32);
		s->link = tsk_rd32(b + 40);
		s->entsize = tsk_rd64(b + 56);
	} else {
		s->offset = tsk_rd32(b + 16);
		s->size = tsk_rd32(b + 20);
		s->link = tsk_rd32(b + 24);
		s->entsize = tsk_rd32(b + 36);
	}
	return 0;
}

int tsk_elf_to_offset(const struct tsk_elf *e, uint64_t vaddr, uint64_t *off)
{
	uint8_t b[56];
	uint32_t i;
	int err;

	for (i = 0; i < e->phnum; i++) {
		uint64_t va, fo, fsz;

		if ((err = tsk_elf_read(e->fd, b, e->is64 ? 56 : 32, e->phoff + (uint64_t)i * e->phentsize)))
			return err;
		if (tsk_rd32(b) != ELF_PT_LOAD)
			continue;
		if (e->is64) {
			fo = tsk_rd64(b + 8);
			va = tsk_rd64(b + 16);
			fsz = tsk_rd64(b + 32);
		} else {
			fo = tsk_rd32(b + 4);
			va = tsk_rd32(b + 8);
			fsz = tsk_rd32(b + 16);
		}
		if (vaddr >= va && vaddr - va < fsz) {
			*off = vaddr - va + fo;
			return 0;
		}
	}
	return -ENOEXEC;
}
