/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * kconfig.h - __kconfig externs take the target's values, never the build
 * host's.  libbpf resolves them while generating the loader: CONFIG_* from
 * /proc/config.gz or /boot of the build machine unless given the device's
 * .config (open option kconfig), LINUX_KERNEL_VERSION from uname() of the
 * build machine always.  The values end up in the signed blob.
 */
#ifndef SKELGEN_KCONFIG_H
#define SKELGEN_KCONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

/* Refuse (naming the extern) an object whose __kconfig externs would take
 * a build-host value: CONFIG_* without a "CONFIG_X=" line in `config` (the
 * --kconfig text, NULL if none), LINUX_KERNEL_VERSION without
 * have_version, anything else always. */
int sg_kconfig_check(const struct sg_object *o, const char *config, int have_version, char *err, size_t errlen);

/* Write `version` (KERNEL_VERSION(a, b, c)) over LINUX_KERNEL_VERSION in
 * the blob's copy of the .kconfig map, if the object has that extern. */
int sg_kconfig_set_version(struct sg_object *o, uint32_t version, char *err, size_t errlen);

/* libbpf (1.5) writes the CONFIG_* values into the .kconfig map in the
 * build host's byte order even for an object of the other one: turn every
 * 2-, 4- and 8-byte value of the blob's copy into the object's order. */
int sg_kconfig_fix_order(struct sg_object *o, char *err, size_t errlen);

/* "6.1.55" -> KERNEL_VERSION(6, 1, 55) (patch capped at 255, as libbpf
 * does); 0 if malformed. */
uint32_t sg_kconfig_parse_version(const char *s);

#endif /* SKELGEN_KCONFIG_H */
