/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * crafted_ctx.h - issue 21's attack on a signed loader, by hand: anyone who
 * can run the loader (its bytes and signature are in the header) runs it
 * with a context of their own, asking for .rodata = 0xdeadbeef, a huge
 * max_entries for `counts`, and BPF_SKEL_KERNEL (initial values read as kernel memory).
 * A sealed signed loader must load the signed bytes whatever the context
 * says; the common (unsigned) loader obeys it, which shows the attack is
 * real where it is run.
 *
 * Header-only, raw syscalls (no libtinyskel load path): used by
 * tests/kernel/crafted_ctx_test.c (unsigned, on the running kernel) and by
 * tests/vm/vmtest.c (signed, on the signing kernels).  Expects the counter
 * example's skeleton: maps counts (ARRAY, max_entries 2), rodata
 * (off_slot = 1), data, bss.
 */
#ifndef TINYSKEL_CRAFTED_CTX_H
#define TINYSKEL_CRAFTED_CTX_H

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tinyskel.h"
#include "tinyskel_uapi.h"

#define CC_EVIL 0xdeadbeefu
#define CC_EVIL_MAX 100000u

struct cc_outcome {
	int err;               /* 0: the loader ran and returned 0 */
	const char *step;      /* where it failed */
	uint32_t rodata;       /* first word of .rodata as loaded */
	uint32_t counts_max;   /* max_entries of `counts` as loaded */
	int32_t data_first;    /* first word of .data as loaded (the attacker's, allowed) */
};

static long cc_bpf(int cmd, void *attr, unsigned size)
{
	long r = syscall(__NR_bpf, cmd, attr, size);

	return r < 0 ? -errno : r;
}

static const struct tinyskel_map_info *cc_map(const struct tinyskel_skel_info *info, const char *name)
{
	uint32_t i;

	for (i = 0; i < info->nr_maps; i++)
		if (!strcmp(info->maps[i].name, name))
			return &info->maps[i];
	return NULL;
}

static int cc_lookup0(int fd, void *value)
{
	struct tsk_attr_map_elem a;
	uint32_t key = 0;

	memset(&a, 0, sizeof(a));
	a.map_fd = (uint32_t)fd;
	a.key = (uintptr_t)&key;
	a.value = (uintptr_t)value;
	return (int)cc_bpf(TSK_BPF_MAP_LOOKUP_ELEM, &a, sizeof(a));
}

static int cc_max_entries(int fd, uint32_t *max)
{
	struct tsk_bpf_map_info mi;
	struct tsk_attr_info a;
	int e;

	memset(&mi, 0, sizeof(mi));
	memset(&a, 0, sizeof(a));
	a.bpf_fd = (uint32_t)fd;
	a.info_len = sizeof(mi);
	a.info = (uintptr_t)&mi;
	e = (int)cc_bpf(TSK_BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a));
	*max = mi.max_entries;
	return e;
}

static int cc_fail(struct cc_outcome *o, const char *step, long err)
{
	o->step = step;
	o->err = (int)err;
	return o->err;
}

/* A signature's own loader in full (the header may store it as edits of
 * the common loader: rebuilt as the runtime does), or NULL. */
static const uint8_t *cc_sig_insns(const struct tinyskel_blob *b, const struct tinyskel_signature *s)
{
	static uint8_t buf[8][1 << 16];
	uint32_t i = (uint32_t)(s - b->sigs) % 8;

	if (s->insns)
		return s->insns;
	if (!(s->nr_edits || (s->flags & TINYSKEL_SIG_HASH_CHECK)) || s->insns_sz > sizeof(buf[i]) ||
	    tinyskel_insns_rebuild(b, s, buf[i]))
		return NULL;
	return buf[i];
}

/* Load `insns` (a signature's own loader, or the blob's common one) with
 * `sig` (NULL: unsigned; sig->scheme picks the scheme's fields), run it with
 * the crafted context, and report what got loaded.  `kernel_flag`: also set
 * ctx->flags = BPF_SKEL_KERNEL. */
static int cc_attack(const struct tinyskel_skel_info *info, const uint8_t *insns, uint32_t insns_sz,
		     const uint8_t *insns_sha256, uint32_t scheme, const struct tinyskel_signature *sig,
		     int32_t keyring, int kernel_flag, struct cc_outcome *o)
{
	static const int sig_map_idx[1] = { 0 };
	static uint64_t ctx[TINYSKEL_LOADER_CTX_MAX / 8];
	static uint8_t evil[4096], mine[4096], meta[1 << 16], der[65536];
	const struct tinyskel_blob *b = info->blob;
	const struct tinyskel_map_info *ro = cc_map(info, "rodata"), *data = cc_map(info, "data"),
				       *counts = cc_map(info, "counts");
	struct tsk_attr_map_create mc;
	struct tsk_attr_map_elem up;
	struct tsk_attr_map_freeze fr;
	struct tsk_attr_prog_load pl;
	struct tsk_attr_test_run run;
	struct tsk_bpf_map_info mi;
	struct tsk_attr_info ia;
	uint8_t hash[32], value[4096];
	uint32_t key = 0, i, attr_sz = TSK_PROG_LOAD_SZ_PLAIN;
	int map_fd, prog_fd = -1;
	long r;

	memset(o, 0, sizeof(*o));
	if (!ro || !data || !counts || !insns || info->ctx_sz > sizeof(ctx) || ro->value_size > sizeof(evil) ||
	    b->data_sz > sizeof(meta))
		return cc_fail(o, "header", -EINVAL);
	tinyskel_data_read(b, 0, b->data_sz, meta); /* the value with its zero runs */
	for (i = 0; i + 4 <= sizeof(evil); i += 4) {
		uint32_t v = CC_EVIL;
		int32_t m = 4242;

		memcpy(evil + i, &v, 4);
		memcpy(mine + i, &m, 4);
	}

	memset(&mc, 0, sizeof(mc));
	mc.map_type = TSK_BPF_MAP_TYPE_ARRAY;
	mc.key_size = 4;
	mc.value_size = b->data_sz;
	mc.max_entries = 1;
	mc.excl_prog_hash = (uintptr_t)insns_sha256;
	mc.excl_prog_hash_size = 32;
	map_fd = (int)cc_bpf(TSK_BPF_MAP_CREATE, &mc, TSK_MAP_CREATE_SZ_EXCL);
	if (map_fd < 0)
		return cc_fail(o, "map create", map_fd);
	memset(&up, 0, sizeof(up));
	up.map_fd = (uint32_t)map_fd;
	up.key = (uintptr_t)&key;
	up.value = (uintptr_t)meta;
	memset(&fr, 0, sizeof(fr));
	fr.map_fd = (uint32_t)map_fd;
	if ((r = cc_bpf(TSK_BPF_MAP_UPDATE_ELEM, &up, sizeof(up))) < 0 ||
	    (r = cc_bpf(TSK_BPF_MAP_FREEZE, &fr, sizeof(fr))) < 0) {
		cc_fail(o, "map fill", r);
		goto out;
	}
	if (scheme == TINYSKEL_SCHEME_INLOADER) { /* the kernel caches the hash the check reads */
		memset(&mi, 0, sizeof(mi));
		memset(&ia, 0, sizeof(ia));
		mi.hash = (uintptr_t)hash;
		mi.hash_size = 32;
		ia.bpf_fd = (uint32_t)map_fd;
		ia.info_len = sizeof(mi);
		ia.info = (uintptr_t)&mi;
		if ((r = cc_bpf(TSK_BPF_OBJ_GET_INFO_BY_FD, &ia, sizeof(ia))) < 0) {
			cc_fail(o, "map hash", r);
			goto out;
		}
	}

	memset(&pl, 0, sizeof(pl));
	pl.prog_type = TSK_BPF_PROG_TYPE_SYSCALL;
	pl.insns = (uintptr_t)insns;
	pl.insn_cnt = insns_sz / 8;
	pl.license = (uintptr_t)"Dual BSD/GPL";
	pl.prog_flags = TSK_BPF_F_SLEEPABLE;
	pl.fd_array = (uintptr_t)&map_fd;
	if (sig) {
		tinyskel_sig_read(info->blob, sig, der); /* first bytes may be shared with the first signature's */
		pl.signature = (uintptr_t)der;
		pl.signature_size = sig->sig_sz;
		pl.keyring_id = keyring;
		attr_sz = TSK_PROG_LOAD_SZ_SIGNED;
		if (scheme == TINYSKEL_SCHEME_LOADTIME)
			pl.fd_array_cnt = 1;
		if (scheme == TINYSKEL_SCHEME_CHAIN) {
			pl.signature_maps = (uintptr_t)sig_map_idx;
			pl.signature_maps_size = 1;
			attr_sz = TSK_PROG_LOAD_SZ_CHAIN;
		}
	}
	prog_fd = (int)cc_bpf(TSK_BPF_PROG_LOAD, &pl, attr_sz);
	if (prog_fd < 0) {
		cc_fail(o, "program load", prog_fd);
		goto out;
	}

	/* The crafted context: every max_entries huge, .rodata from the
	 * attacker's bytes, .data from the attacker's too (that one is allowed). */
	memset(ctx, 0, sizeof(ctx));
	((struct tinyskel_loader_ctx *)ctx)->sz = info->ctx_sz;
	((struct tinyskel_loader_ctx *)ctx)->flags = kernel_flag ? 1 : 0;
	/* (global-data maps have a DATASEC value: the kernel takes max_entries 1 only) */
	((struct tinyskel_map_desc *)((char *)ctx + counts->desc_off))->max_entries = CC_EVIL_MAX;
	((struct tinyskel_map_desc *)((char *)ctx + ro->desc_off))->initial_value = (uintptr_t)evil;
	((struct tinyskel_map_desc *)((char *)ctx + data->desc_off))->initial_value = (uintptr_t)mine;
	memset(&run, 0, sizeof(run));
	run.prog_fd = (uint32_t)prog_fd;
	run.ctx_in = (uintptr_t)ctx;
	run.ctx_size_in = info->ctx_sz;
	if ((r = cc_bpf(TSK_BPF_PROG_RUN, &run, sizeof(run))) < 0) {
		cc_fail(o, "program run", r);
		goto out;
	}
	if ((int32_t)run.retval < 0) {
		cc_fail(o, "loader", (int32_t)run.retval);
		goto out;
	}
	{
		int ro_fd = ((struct tinyskel_map_desc *)((char *)ctx + ro->desc_off))->map_fd;
		int data_fd = ((struct tinyskel_map_desc *)((char *)ctx + data->desc_off))->map_fd;
		int counts_fd = ((struct tinyskel_map_desc *)((char *)ctx + counts->desc_off))->map_fd;

		if ((r = cc_lookup0(ro_fd, value)) < 0)
			cc_fail(o, "read rodata", r);
		memcpy(&o->rodata, value, 4);
		if ((r = cc_lookup0(data_fd, value)) < 0)
			cc_fail(o, "read data", r);
		memcpy(&o->data_first, value, 4);
		if ((r = cc_max_entries(counts_fd, &o->counts_max)) < 0)
			cc_fail(o, "counts info", r);
	}
	for (i = 0; i < info->nr_maps; i++)
		close(((struct tinyskel_map_desc *)((char *)ctx + info->maps[i].desc_off))->map_fd);
	for (i = 0; i < info->nr_progs; i++)
		close(((struct tinyskel_prog_desc *)((char *)ctx + info->progs[i].desc_off))->prog_fd);
out:
	if (prog_fd >= 0)
		close(prog_fd);
	close(map_fd);
	return o->err;
}

#endif /* TINYSKEL_CRAFTED_CTX_H */
