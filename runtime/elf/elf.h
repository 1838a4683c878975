/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * elf.h - the runtime's ELF reader (elf_read.c), shared by uprobe_elf.c
 * (function -> offset) and usdt/ (.note.stapsdt): pread into small stack
 * buffers, no libelf, no heap; 32- and 64-bit ELF of the host's byte order.
 */
#ifndef TINYSKEL_RUNTIME_ELF_H
#define TINYSKEL_RUNTIME_ELF_H

#include <stdint.h>
#include <string.h>

/* The fields we use, widened to 64 bits whatever the class. */
struct tsk_elf {
	int fd;
	int is64;
	uint64_t shoff, phoff;
	uint32_t shnum, shentsize, phnum, phentsize;
};

struct tsk_elf_shdr { uint32_t type, link; uint64_t offset, size, entsize; };
struct tsk_elf_sym { uint32_t name; uint8_t info; uint16_t shndx; uint64_t value; };


static inline uint16_t tsk_rd16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static inline uint32_t tsk_rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static inline uint64_t tsk_rd64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

/* len bytes at off, or a negative errno (-ENOEXEC: the file is shorter). */
int tsk_elf_read(int fd, void *buf, size_t len, uint64_t off);
/* Read and check the ELF header of fd.  0 or -ENOEXEC / read errno. */
int tsk_elf_open(struct tsk_elf *e, int fd);
/* Section header i. */
int tsk_elf_shdr(const struct tsk_elf *e, uint32_t i, struct tsk_elf_shdr *s);
/* vaddr -> file offset through the PT_LOAD segment holding it. */
int tsk_elf_to_offset(const struct tsk_elf *e, uint64_t vaddr, uint64_t *off);

#endif /* TINYSKEL_RUNTIME_ELF_H */
