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
#include "elf.h"

#define ELF_SHT_SYMTAB 2
#define ELF_SHT_DYNSYM 11
#define ELF_STT_FUNC 2
#define ELF_STT_GNU_IFUNC 10
#define ELF_SHN_UNDEF 0

static void sym_at(const struct tsk_elf *e, const uint8_t *b, struct tsk_elf_sym *s)
{
	s->name = tsk_rd32(b);
	if (e->is64) {
		s->info = b[4];
		s->shndx = tsk_rd16(b + 6);
		s->value = tsk_rd64(b + 8);
	} else {
		s->value = tsk_rd32(b + 4);
		s->info = b[12];
		s->shndx = tsk_rd16(b + 14);
	}
}

/* Is the NUL-terminated string at strtab+off equal to name? */
static int name_is(const struct tsk_elf *e, const struct tsk_elf_shdr *strtab, uint32_t off, const char *name, size_t len)
{
	char b[256];

	if (len + 1 > sizeof(b) || off >= strtab->size || strtab->size - off < len + 1)
		return 0;
	if (tsk_elf_read(e->fd, b, len + 1, strtab->offset + off))
		return 0;
	return b[len] == '\0' && !memcmp(b, name, len);
}

/* Virtual address of a defined function called `name` in one symbol table. */
static int find_in(const struct tsk_elf *e, const struct tsk_elf_shdr *tab, const char *name, uint64_t *vaddr)
{
	uint8_t b[24 * 32];
	struct tsk_elf_shdr strtab;
	struct tsk_elf_sym s;
	size_t len = strlen(name), esz = e->is64 ? 24 : 16, per = sizeof(b) / esz, k, n;
	uint64_t count, i;
	int err;

	if (tab->entsize < esz)
		return -ENOEXEC;
	err = tsk_elf_shdr(e, tab->link, &strtab);
	if (err)
		return err;
	count = tab->size / tab->entsize;
	for (i = 0; i < count; i += n) {
		n = count - i < per ? (size_t)(count - i) : per;
		if (tab->entsize != esz)
			n = 1; /* unusual entry size: one at a time */
		if ((err = tsk_elf_read(e->fd, b, n * esz, tab->offset + i * tab->entsize)))
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

int tinyskel_elf_func_offset(const char *path, const char *func, uint64_t *offset)
{
	struct tsk_elf e;
	struct tsk_elf_shdr s;
	uint64_t vaddr = 0;
	uint32_t i, pass;
	int fd, err;

	if (!path || !func || !*func || !offset)
		return -EINVAL;
	fd = tsk_sys_open(path, 0);
	if (fd < 0)
		return fd;
	err = tsk_elf_open(&e, fd);
	for (pass = 0; !err && pass < 2; pass++) {
		err = -ENOENT;
		for (i = 0; i < e.shnum; i++) {
			int e2 = tsk_elf_shdr(&e, i, &s);

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
	 * insert ARM breakpoints only, so a Thumb target would crash the app. */
	if (!err && !e.is64 && (vaddr & 1))
		err = -EOPNOTSUPP;
	if (!err)
		err = tsk_elf_to_offset(&e, vaddr, offset);
	tsk_sys_close(fd);
	return err;
}
