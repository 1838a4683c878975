/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * uprobe_elf.c - function name -> file offset in an ELF binary, for
 * uprobes (the kernel wants an offset into the file, not an address).
 *
 * A reader of our own, no libelf and no heap: everything is read with
 * pread into small stack buffers, so the binary is never mapped or loaded
 * whole.  32- and 64-bit ELF of the host's byte order (the byte order of
 * the device the binary runs on).  Looks in .symtab, then .dynsym (stripped
 * binaries and shared libraries keep only the latter).
 */
#include <errno.h>

#include "../internal.h"

#define ELF_SHT_SYMTAB 2
#define ELF_SHT_DYNSYM 11
#define ELF_PT_LOAD 1
#define ELF_STT_FUNC 2
#define ELF_STT_GNU_IFUNC 10
#define ELF_SHN_UNDEF 0

/* The fields we use, widened to 64 bits whatever the class. */
struct elf {
	int fd;
	int is64;
	uint64_t shoff, phoff;
	uint32_t shnum, shentsize, phnum, phentsize;
};

struct elf_shdr { uint32_t type, link; uint64_t offset, size, entsize; };
struct elf_sym { uint32_t name; uint8_t info; uint16_t shndx; uint64_t value; };

static uint16_t rd16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static uint32_t rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t rd64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

static int read_at(int fd, void *buf, size_t len, uint64_t off)
{
	long n = tsk_sys_pread(fd, buf, len, off);

	return n < 0 ? (int)n : (size_t)n == len ? 0 : -ENOEXEC; /* short: truncated file */
}

static int elf_open(struct elf *e, int fd)
{
	uint8_t h[64];
	uint16_t one = 1;
	int err = read_at(fd, h, 52, 0);

	if (err)
		return err;
	if (memcmp(h, "\177ELF", 4) || (h[4] != 1 && h[4] != 2) ||
	    h[5] != (*(const uint8_t *)&one == 1 ? 1 : 2)) /* EI_DATA must be the host's */
		return -ENOEXEC;
	e->fd = fd;
	e->is64 = h[4] == 2;
	if (e->is64) {
		if ((err = read_at(fd, h, 64, 0)))
			return err;
		e->phoff = rd64(h + 32);
		e->shoff = rd64(h + 40);
		e->phentsize = rd16(h + 54);
		e->phnum = rd16(h + 56);
		e->shentsize = rd16(h + 58);
		e->shnum = rd16(h + 60);
	} else {
		e->phoff = rd32(h + 28);
		e->shoff = rd32(h + 32);
		e->phentsize = rd16(h + 42);
		e->phnum = rd16(h + 44);
		e->shentsize = rd16(h + 46);
		e->shnum = rd16(h + 48);
	}
	if (e->shentsize < (e->is64 ? 64u : 40u) || e->phentsize < (e->is64 ? 56u : 32u))
		return -ENOEXEC;
	return 0;
}

static int shdr(const struct elf *e, uint32_t i, struct elf_shdr *s)
{
	uint8_t b[64];
	int err = read_at(e->fd, b, e->is64 ? 64 : 40, e->shoff + (uint64_t)i * e->shentsize);

	if (err)
		return err;
	s->type = rd32(b + 4);
	if (e->is64) {
		s->offset = rd64(b + 24);
		s->size = rd64(b + 32);
		s->link = rd32(b + 40);
		s->entsize = rd64(b + 56);
	} else {
		s->offset = rd32(b + 16);
		s->size = rd32(b + 20);
		s->link = rd32(b + 24);
		s->entsize = rd32(b + 36);
	}
	return 0;
}

static void sym_at(const struct elf *e, const uint8_t *b, struct elf_sym *s)
{
	s->name = rd32(b);
	if (e->is64) {
		s->info = b[4];
		s->shndx = rd16(b + 6);
		s->value = rd64(b + 8);
	} else {
		s->value = rd32(b + 4);
		s->info = b[12];
		s->shndx = rd16(b + 14);
	}
}

/* Is the NUL-terminated string at strtab+off equal to name? */
static int name_is(const struct elf *e, const struct elf_shdr *strtab, uint32_t off, const char *name, size_t len)
{
	char b[256];

	if (len + 1 > sizeof(b) || off >= strtab->size || strtab->size - off < len + 1)
		return 0;
	if (read_at(e->fd, b, len + 1, strtab->offset + off))
		return 0;
	return b[len] == '\0' && !memcmp(b, name, len);
}

/* Virtual address of a defined function called `name` in one symbol table. */
static int find_in(const struct elf *e, const struct elf_shdr *tab, const char *name, uint64_t *vaddr)
{
	uint8_t b[24 * 32];
	struct elf_shdr strtab;
	struct elf_sym s;
	size_t len = strlen(name), esz = e->is64 ? 24 : 16, per = sizeof(b) / esz, k, n;
	uint64_t count, i;
	int err;

	if (tab->entsize < esz)
		return -ENOEXEC;
	err = shdr(e, tab->link, &strtab);
	if (err)
		return err;
	count = tab->size / tab->entsize;
	for (i = 0; i < count; i += n) {
		n = count - i < per ? (size_t)(count - i) : per;
		if (tab->entsize != esz)
			n = 1; /* unusual entry size: one at a time */
		if ((err = read_at(e->fd, b, n * esz, tab->offset + i * tab->entsize)))
			return err;
		for (k = 0; k < n; k++) {
			sym_at(e, b + k * esz, &s);
			if (((s.info & 0xf) != ELF_STT_FUNC && (s.info & 0xf) != ELF_STT_GNU_IFUNC) ||
			    s.shndx == ELF_SHN_UNDEF || !name_is(e, &strtab, s.name, name, len))
				continue;
			*vaddr = s.value;
			return 0;
		}
	}
	return -ENOENT;
}

/* vaddr -> file offset through the PT_LOAD segment holding it. */
static int to_offset(const struct elf *e, uint64_t vaddr, uint64_t *off)
{
	uint8_t b[56];
	uint32_t i;
	int err;

	for (i = 0; i < e->phnum; i++) {
		uint64_t va, fo, fsz;

		if ((err = read_at(e->fd, b, e->is64 ? 56 : 32, e->phoff + (uint64_t)i * e->phentsize)))
			return err;
		if (rd32(b) != ELF_PT_LOAD)
			continue;
		if (e->is64) {
			fo = rd64(b + 8);
			va = rd64(b + 16);
			fsz = rd64(b + 32);
		} else {
			fo = rd32(b + 4);
			va = rd32(b + 8);
			fsz = rd32(b + 16);
		}
		if (vaddr >= va && vaddr - va < fsz) {
			*off = vaddr - va + fo;
			return 0;
		}
	}
	return -ENOEXEC;
}

int tinyskel_elf_func_offset(const char *path, const char *func, uint64_t *offset)
{
	struct elf e;
	struct elf_shdr s;
	uint64_t vaddr = 0;
	uint32_t i, pass;
	int fd, err;

	if (!path || !func || !*func || !offset)
		return -EINVAL;
	fd = tsk_sys_open(path, 0);
	if (fd < 0)
		return fd;
	err = elf_open(&e, fd);
	for (pass = 0; !err && pass < 2; pass++) {
		err = -ENOENT;
		for (i = 0; i < e.shnum; i++) {
			int e2 = shdr(&e, i, &s);

			if (e2) {
				err = e2;
				break;
			}
			if (s.type != (pass ? ELF_SHT_DYNSYM : ELF_SHT_SYMTAB))
				continue;
			err = find_in(&e, &s, func, &vaddr);
			break;
		}
		if (err != -ENOENT)
			break;
		if (pass == 0)
			err = 0;
	}
	/* On 32-bit ARM bit 0 marks a Thumb function; the kernel's ARM uprobes
	 * insert ARM breakpoints only, so a Thumb target would crash the app.
	 * On MIPS it marks MIPS16/microMIPS code, which MIPS uprobes refuse
	 * (arch_uprobe_analyze_insn: address not 4-byte aligned). */
	if (!err && !e.is64 && (vaddr & 1))
		err = -EOPNOTSUPP;
	if (!err)
		err = to_offset(&e, vaddr, offset);
	tsk_sys_close(fd);
	return err;
}
