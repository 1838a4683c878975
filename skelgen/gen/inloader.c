/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * inloader.c - insert the metadata-hash check into a libbpf 1.1 loader.
 *
 * libbpf's loader starts with a short prologue, then `ja` over its cleanup
 * block; every error branch jumps back to that block's first instruction
 * with the error in r7.  The check goes at the ja's target, so it is the
 * first thing the loader does after the prologue:
 *
 *   for i in 0..3:  r1 = map[0] (BPF_PSEUDO_MAP_IDX)
 *                   r2 = *(u64 *)(r1 + 8*i)        kernel's cached map hash
 *                   r3 = expected word i (ld_imm64, in the device's order)
 *                   if r2 != r3 goto fail
 *   [excl variant:  the same for the u32 `excl` word at offset 32 (must be 1)]
 *                   goto ok
 *   fail:           r0 = TINYSKEL_LOADER_TAMPERED; exit
 *   ok:             (the loader's body)
 *
 * A mismatch exits on its own instead of jumping to libbpf's cleanup block:
 * that block closes the fds named in the metadata, which at this point is
 * exactly what failed the check (attacker bytes).  Nothing exists yet that
 * would need closing.
 *
 * Two variants because 6.18.y has two struct bpf_map layouts (tinyskel.h,
 * TINYSKEL_INLOADER_EXCL_OFF): the verifier refuses the excl read where
 * offset 32 is the `ops` pointer.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inloader.h"
#include "patch.h"
#include "sign/sign.h"

/* The block is the runtime's own (tinyskel_hash_check, runtime/load/
 * rebuild.c, compiled in as gen/rebuild.c): a header may then leave it out
 * and the device writes the same bytes (TINYSKEL_SIG_HASH_CHECK). */
size_t sg_inloader_block(struct sg_insn *b, const uint8_t hash[32], int excl)
{
	uint8_t raw[TINYSKEL_HASH_CHECK_MAX * 8];
	struct tinyskel_blob blob;
	uint32_t n, i;

	memset(&blob, 0, sizeof(blob));
	blob.flags = sg_insn_big_endian() ? TINYSKEL_BLOB_BIG_ENDIAN : TINYSKEL_BLOB_LITTLE_ENDIAN;
	blob.data_sha256 = hash;
	n = tinyskel_hash_check(&blob, excl, raw);
	for (i = 0; i < n; i++)
		sg_insn_get(raw + 8 * i, &b[i]);
	return n;
}

long sg_inloader_entry(const uint8_t *raw, size_t raw_sz)
{
	size_t n = raw_sz / 8, i;
	struct sg_insn x;

	for (i = 0; i < n; i++) {
		sg_insn_get(raw + 8 * i, &x);
		if (x.code != SG_JA)
			continue;
		if (x.off <= 0 || i + 1 + (size_t)x.off > n)
			return -ENOEXEC;
		return (long)(i + 1 + (size_t)x.off);
	}
	return -ENOEXEC;
}

int sg_inloader_rewrite(const uint8_t *raw, size_t raw_sz, const uint8_t hash[32], int excl, uint8_t **out,
			size_t *out_sz)
{
	struct sg_insn block[SG_INLOADER_BLOCK_MAX];
	struct sg_edit edit;
	long at;

	if (raw_sz % 8 || raw_sz == 0)
		return -EINVAL;
	at = sg_inloader_entry(raw, raw_sz);
	if (at < 0)
		return (int)at;
	edit.at = (size_t)at;
	edit.n_old = 0;
	edit.n_new = sg_inloader_block(block, hash, excl);
	edit.insns = block;
	return sg_patch(raw, raw_sz, &edit, 1, out, out_sz);
}

int sg_inloader_rewrite_order(const uint8_t *raw, size_t raw_sz, const uint8_t hash[32], int excl, int be,
			      uint8_t **out, size_t *out_sz)
{
	int was = sg_insn_big_endian(), e;

	sg_insn_set_big_endian(be);
	e = sg_inloader_rewrite(raw, raw_sz, hash, excl, out, out_sz);
	sg_insn_set_big_endian(was);
	return e;
}

int sg_inloader_insns(const struct sg_object *obj, int excl, uint8_t **insns, size_t *insns_sz, char *err,
		      size_t errlen)
{
	/* on top of the sealed signed loader (loader.h) */
	int e = sg_inloader_rewrite(obj->sealed, obj->sealed_sz, obj->data_sha256, excl, insns, insns_sz);

	if (e == -ENOEXEC)
		snprintf(err, errlen, "%s: loader does not start the way libbpf's does (no jump over cleanup); "
				      "cannot insert the in-loader check", obj->path);
	else if (e)
		snprintf(err, errlen, "%s: cannot insert the in-loader check: %s", obj->path, strerror(-e));
	return e ? -1 : 0;
}
