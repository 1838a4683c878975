/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * kconfig.h - __kconfig externs take the target's values, never the build
 * host's.  libbpf resolves them while generating the loader: CONFIG_* from
 * the open option kconfig, falling back to /proc/config.gz or /boot of the
 * build machine for any it lacks; LINUX_KERNEL_VERSION from uname() of the
 * build machine; LINUX_HAS_SYSCALL_WRAPPER as 1 (the loader generator
 * assumes the newest kernel).  The values end up in the signed blob.
 */
#ifndef SKELGEN_KCONFIG_H
#define SKELGEN_KCONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

struct btf;

/* What the target gives each __kconfig extern of an object (its BTF and
 * ELF bytes, for the weak bit libbpf reads from the symbol table):
 *   CONFIG_X     a "CONFIG_X=..." line of target->kconfig; else 0 (n) when
 *                the line is "# CONFIG_X is not set" or the extern is
 *                __weak, as libbpf gives a weak extern with no value;
 *   LINUX_KERNEL_VERSION          target->kernel_version;
 *   LINUX_HAS_SYSCALL_WRAPPER     CONFIG_ARCH_HAS_SYSCALL_WRAPPER of the
 *                .config, else from target->arch and kernel_version;
 *   LINUX_HAS_BPF_COOKIE          kernel_version >= 5.15 (usdt.bpf.h).
 * Refused (-1, err names the extern): a strong CONFIG_X with no line, any
 * of them without the input it needs, any other name.
 * *config_out: the .config text for libbpf (given text plus one line per
 * CONFIG_X given 0 above, so libbpf never reads the build host's), or NULL
 * when the given text serves; free() it.  *wrapper, *cookie: 0/1 to write
 * over LINUX_HAS_SYSCALL_WRAPPER, LINUX_HAS_BPF_COOKIE (the loader
 * generator says 1 for both), -1 if the object has no such extern. */
int sg_kconfig_prepare(const char *path, const struct btf *btf, const void *elf, size_t elf_len,
		       const struct sg_target *target, char **config_out, int *wrapper, int *cookie, char *err,
		       size_t errlen);

/* Write `value` (little endian, the extern's size) over extern `name` in
 * the blob's copy of the .kconfig map, if the object has that extern. */
int sg_kconfig_set(struct sg_object *o, const char *name, uint64_t value, char *err, size_t errlen);

/* "6.1.55" -> KERNEL_VERSION(6, 1, 55) (patch capped at 255, as libbpf
 * does); 0 if malformed. */
uint32_t sg_kconfig_parse_version(const char *s);

#endif /* SKELGEN_KCONFIG_H */
