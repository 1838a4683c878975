/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * loader.c - named program-load errors and the sealed signed loader, as
 * edits of the loader libbpf 1.1 generated (the contract: loader.h).
 *
 * Shapes relied on (libbpf's gen_loader.c; anything else is refused, never
 * signed):
 *   r6 = r1 at index 0 and never written again: r6 is the context;
 *   ctx reads:  r0 = *(u32 *)(r6 + max_entries); if r0 == 0 goto +3   (map create)
 *               r3 = *(u64 *)(r6 + initial_value); if r3 == 0 goto +N  (global data)
 *               r0 = *(u32 *)(r6 + 4); if r0 & BPF_SKEL_KERNEL goto +2 (user or kernel copy)
 *               r0 = *(r6 + log_level / log_size / log_buf)            (verifier log)
 *   a sys_bpf:  r1 = cmd; r2 = attr (ld_imm64); r3 = size; call sys_bpf; r7 = r0
 *   its check:  if r7 s< 0 goto cleanup
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inloader.h"
#include "loader.h"
#include "patch.h"
#include "sign/sign.h"

#define FUNC_SYS_BPF 166 /* BPF_FUNC_sys_bpf */
#define CMD_PROG_LOAD 5  /* BPF_PROG_LOAD */
#define CTX 6            /* libbpf's loader keeps the context in r6 */

static struct sg_insn *decode(const uint8_t *raw, size_t n)
{
	struct sg_insn *x = calloc(n ? n : 1, sizeof(*x));
	size_t i;

	for (i = 0; x && i < n; i++)
		sg_insn_get(raw + 8 * i, &x[i]);
	return x;
}

static int is_sys_bpf(const struct sg_insn *x, size_t n, size_t i)
{
	return i + 5 < n && x[i].code == SG_MOV64_K && x[i].dst == 1 && x[i + 1].code == SG_LD_IMM64 &&
	       x[i + 1].dst == 2 && x[i + 3].code == SG_MOV64_K && x[i + 3].dst == 3 && x[i + 4].code == SG_CALL &&
	       x[i + 4].imm == FUNC_SYS_BPF && x[i + 5].code == SG_MOV64_X && x[i + 5].dst == 7 && x[i + 5].src == 0;
}

int sg_loader_name_errors_raw(const uint8_t *raw, size_t raw_sz, size_t nr_progs, uint8_t **out, size_t *out_sz)
{
	size_t n = raw_sz / 8, i, j, k = 0, cleanup;
	struct sg_insn *x, *blocks = NULL;
	struct sg_edit *edits = NULL;
	long entry;
	int err = -ENOEXEC;

	if (raw_sz % 8 || !n || nr_progs >= TINYSKEL_LOADER_PROGS_MAX)
		return -EINVAL;
	entry = sg_inloader_entry(raw, raw_sz);
	if (entry < 0)
		return (int)entry;
	x = decode(raw, n);
	edits = calloc(nr_progs ? nr_progs : 1, sizeof(*edits));
	blocks = calloc(nr_progs ? 2 * nr_progs : 1, sizeof(*blocks));
	if (!x || !edits || !blocks) {
		err = -ENOMEM;
		goto out;
	}
	for (cleanup = 0; x[cleanup].code != SG_JA; cleanup++)
		;
	cleanup++;
	for (i = 0; i < n; i++) {
		if (!is_sys_bpf(x, n, i) || x[i].imm != CMD_PROG_LOAD)
			continue;
		for (j = i + 6; j < n && !is_sys_bpf(x, n, j); j++)
			if (x[j].code == SG_JSLT_K && x[j].dst == 7 && x[j].imm == 0 &&
			    (long)j + 1 + x[j].off == (long)cleanup)
				break;
		if (j >= n || is_sys_bpf(x, n, j) || k >= nr_progs)
			goto out;
		/* if (r7 s>= 0) goto +1; r7 += bias(k); then libbpf's own
		 * "if r7 s< 0 goto cleanup", which returns r7. */
		blocks[2 * k] = sg_insn_mk(SG_JSGE_K, 7, 0, 1, 0);
		blocks[2 * k + 1] = sg_insn_mk(SG_ADD64_K, 7, 0, 0, TINYSKEL_LOADER_PROG_ERR((int32_t)k, 0));
		edits[k].at = j;
		edits[k].n_old = 0;
		edits[k].n_new = 2;
		edits[k].insns = &blocks[2 * k];
		k++;
		i = j;
	}
	if (k != nr_progs)
		goto out;
	err = sg_patch(raw, raw_sz, edits, k, out, out_sz);
out:
	free(x);
	free(edits);
	free(blocks);
	return err;
}

/* One context read of the loader: what the sealed loader does with it.
 * 1: replace by "dst = 0", 0: keep, -1: refuse. */
static int ctx_read(const struct sg_insn *x, size_t n, size_t i, const int *readonly, size_t nr_maps)
{
	const struct sg_insn *next = i + 1 < n ? &x[i + 1] : NULL;
	int tested_zero = next && next->code == SG_JEQ_K && next->dst == x[i].dst && next->imm == 0;
	long off = x[i].off, rel, m, field;

	if (off == SG_CTX_FLAGS)
		return x[i].code == SG_LDX_W && next && next->code == SG_JSET_K && next->dst == x[i].dst ? 1 : -1;
	if ((off == SG_CTX_LOG_LEVEL || off == SG_CTX_LOG_SIZE) && x[i].code == SG_LDX_W)
		return 0;
	if (off == SG_CTX_LOG_BUF && x[i].code == SG_LDX_DW)
		return 0;
	if (off < SG_CTX_MAPS)
		return -1;
	rel = off - SG_CTX_MAPS;
	m = rel / SG_CTX_MAP_DESC;
	field = rel % SG_CTX_MAP_DESC;
	if ((size_t)m >= nr_maps || !tested_zero)
		return -1;
	if (field == SG_CTX_MAX_ENTRIES && x[i].code == SG_LDX_W)
		return 1;
	if (field == SG_CTX_INITIAL_VALUE && x[i].code == SG_LDX_DW)
		return readonly[m] ? 1 : 0;
	return -1;
}

int sg_loader_seal_raw(const uint8_t *raw, size_t raw_sz, const int *readonly, size_t nr_maps, uint8_t **out,
		       size_t *out_sz)
{
	size_t n = raw_sz / 8, i, k = 0;
	struct sg_insn *x, *zero = NULL;
	struct sg_edit *edits = NULL;
	int err = -ENOEXEC;

	if (raw_sz % 8 || !n)
		return -EINVAL;
	x = decode(raw, n);
	edits = calloc(n, sizeof(*edits));
	zero = calloc(n, sizeof(*zero));
	if (!x || !edits || !zero) {
		err = -ENOMEM;
		goto out;
	}
	if (x[0].code != SG_MOV64_X || x[0].dst != CTX || x[0].src != 1)
		goto out;
	for (i = 1; i < n; i++) {
		uint8_t cls = SG_CLS(x[i].code);
		int what;

		if (x[i].code == SG_LD_IMM64) {
			if (x[i].dst == CTX)
				goto out;
			i++; /* its second half */
			continue;
		}
		/* r6 stays the context, and nothing copies it elsewhere */
		if ((cls == SG_CLS_ALU || cls == SG_CLS_ALU64 || cls == SG_CLS_LDX) && x[i].dst == CTX)
			goto out;
		if ((cls == SG_CLS_ALU || cls == SG_CLS_ALU64) && (x[i].code & 0x08) && x[i].src == CTX)
			goto out;
		if (cls == 0x03 && x[i].src == CTX) /* BPF_STX of r6 itself */
			goto out;
		if (cls != SG_CLS_LDX || x[i].src != CTX)
			continue;
		what = ctx_read(x, n, i, readonly, nr_maps);
		if (what < 0)
			goto out;
		if (!what)
			continue;
		zero[k] = sg_insn_mk(SG_MOV64_K, x[i].dst, 0, 0, 0);
		edits[k].at = i;
		edits[k].n_old = 1;
		edits[k].n_new = 1;
		edits[k].insns = &zero[k];
		k++;
	}
	err = sg_patch(raw, raw_sz, edits, k, out, out_sz);
out:
	free(x);
	free(edits);
	free(zero);
	return err;
}

int sg_loader_name_errors(struct sg_object *o, char *err, size_t errlen)
{
	uint8_t *out = NULL;
	size_t out_sz = 0;
	int e = sg_loader_name_errors_raw(o->insns, o->insns_sz, o->nr_progs, &out, &out_sz);

	if (e) {
		snprintf(err, errlen, "%s: %s", o->path,
			 e == -ENOEXEC ? "loader does not have libbpf 1.1's shape (a program load without its "
					 "error branch); cannot name its program-load errors"
				       : strerror(-e));
		return -1;
	}
	free(o->insns);
	o->insns = out;
	o->insns_sz = out_sz;
	return 0;
}

int sg_loader_seal(struct sg_object *o, char *err, size_t errlen)
{
	int *ro = calloc(o->nr_maps ? o->nr_maps : 1, sizeof(*ro));
	size_t i;
	int e;

	if (!ro) {
		snprintf(err, errlen, "%s: out of memory", o->path);
		return -1;
	}
	for (i = 0; i < o->nr_maps; i++)
		ro[i] = o->maps[i].readonly;
	free(o->sealed);
	o->sealed = NULL;
	e = sg_loader_seal_raw(o->insns, o->insns_sz, ro, o->nr_maps, &o->sealed, &o->sealed_sz);
	free(ro);
	if (e) {
		snprintf(err, errlen, "%s: %s", o->path,
			 e == -ENOEXEC ? "loader reads its context in a way tinyskel cannot seal (not libbpf 1.1's "
					 "shape); refusing to sign a loader the caller could steer"
				       : strerror(-e));
		return -1;
	}
	sg_sha256(o->sealed, o->sealed_sz, o->sealed_sha256);
	return 0;
}
