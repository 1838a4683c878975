/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * loader.h - the loader contract: what skelgen changes in the loader libbpf
 * 1.1 generated, before anything is hashed or signed (edits: gen/patch.h).
 *
 *  - every loader: each BPF_PROG_LOAD error branch returns
 *    TINYSKEL_LOADER_PROG_ERR(program index, -errno) (tinyskel.h), so the
 *    runtime can name the program the kernel refused;
 *  - the signed loader (every scheme; the in-loader variants are built on
 *    it): no input from the loader context can steer what was signed.
 *    libbpf's loader takes each map's max_entries from ctx when non-zero,
 *    copies each global map's initial value from ctx->initial_value (a user
 *    address) when non-zero, and with ctx->flags & BPF_SKEL_KERNEL reads that
 *    address as *kernel* memory.  Sealed, those reads become constants 0: every
 *    max_entries and the read-only maps' (.rodata, .kconfig) values come from
 *    the signed metadata only, the flag is ignored (always a user copy), and
 *    only .data/.bss take an initial value from ctx, each into its own map.
 *    The only other ctx reads allowed are the verifier-log fields; anything
 *    else is refused rather than signed.
 */
#ifndef SKELGEN_LOADER_H
#define SKELGEN_LOADER_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

/* obj->insns gets the named program-load errors (in place; -1 with err). */
int sg_loader_name_errors(struct sg_object *obj, char *err, size_t errlen);

/* obj->sealed (malloc'd) = obj->insns sealed, with its SHA-256.  -1 with err. */
int sg_loader_seal(struct sg_object *obj, char *err, size_t errlen);

/* The same on raw instructions (for tests): `readonly[i]` says whether map
 * i is sealed.  0, -ENOEXEC (not libbpf's shape: nothing is signed that
 * could still read ctx), -ENOMEM. */
int sg_loader_seal_raw(const uint8_t *insns, size_t insns_sz, const int *readonly, size_t nr_maps,
		       uint8_t **out, size_t *out_sz);
int sg_loader_name_errors_raw(const uint8_t *insns, size_t insns_sz, size_t nr_progs, uint8_t **out,
			      size_t *out_sz);

/* The loader context's layout as libbpf's loader addresses it (tinyskel.h,
 * struct tinyskel_loader_ctx and tinyskel_map_desc). */
#define SG_CTX_FLAGS 4
#define SG_CTX_LOG_LEVEL 8
#define SG_CTX_LOG_SIZE 12
#define SG_CTX_LOG_BUF 16
#define SG_CTX_MAPS 24
#define SG_CTX_MAP_DESC 16
#define SG_CTX_MAX_ENTRIES 4
#define SG_CTX_INITIAL_VALUE 8

#endif /* SKELGEN_LOADER_H */
