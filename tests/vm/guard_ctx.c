// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * guard_ctx.c - stage 2 of tests/vm/guard_ctx.sh: under the device's BPF
 * guard, a root attacker runs a *signed* loader (the counter example's, from
 * its header's bytes, accepted by the guard: signed, trusted keyring) with a
 * crafted context of its own: .rodata's initial value pointing at its memory
 * (0xdeadbeef) and the counts map's max_entries 100000.  The signed program
 * must still get the signed bytes: off_slot == 1, max_entries == 2.
 *
 * DEPENDS ON issue 21 item 1 (the loader contract, another branch): today's
 * loaders copy ctx->initial_value and take max_entries from ctx, so this
 * test FAILS until a signed loader ignores them.  It is a separate test on
 * purpose (tests/vm/guard.sh stays the guard's own judge).
 *
 * Raw syscalls, as an attacker would: none of the runtime's own checks.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "vm_rsa2048.lskel.h"
#include "tinyskel_guard.h"
#include "tinyskel_uapi.h"

#define TSK_PTR(p) ((uint64_t)(uintptr_t)(p))

static long bpf(int cmd, void *attr, unsigned size)
{
	long r = syscall(__NR_bpf, cmd, attr, size);

	return r < 0 ? -errno : r;
}

static struct vm_rsa2048 skel;

static int attack(const struct tinyskel_guard_config *cfg, char *out, size_t size)
{
	const struct tinyskel_skel_info *info = vm_rsa2048__info();
	const struct tinyskel_blob *b = info->blob;
	const struct tinyskel_signature *sig = NULL;
	uint32_t scheme = cfg->facts.loadtime ? TINYSKEL_SCHEME_LOADTIME : TINYSKEL_SCHEME_INLOADER;
	uint32_t flags = scheme == TINYSKEL_SCHEME_INLOADER && !cfg->facts.map_excl_word ? TINYSKEL_SIG_INLOADER_NO_EXCL : 0;
	const uint8_t *insns, *isha;
	uint32_t insns_sz, i, key = 0, rodata = 0, counts_max = 0;
	static uint8_t evil[4096], meta[1 << 16], rebuilt[1 << 16];
	struct tsk_attr_map_create mc;
	struct tsk_attr_map_elem e;
	struct tsk_attr_prog_load pl;
	struct tsk_attr_test_run run;
	struct tsk_attr_info ia;
	struct tsk_bpf_map_info mi;
	uint8_t hash[32];
	static uint8_t der[65536];
	long map_fd, prog_fd, r;

	for (i = 0; i < b->nr_sigs; i++)
		if (b->sigs[i].scheme == scheme && (b->sigs[i].flags & TINYSKEL_SIG_INLOADER_NO_EXCL) == flags)
			sig = &b->sigs[i];
	if (!sig) {
		snprintf(out, size, "no signature for scheme %u flags %u", scheme, flags);
		return -1;
	}
	/* the signature's own loader, rebuilt when stored as edits */
	insns = sig->insns;
	if (!insns && (sig->nr_edits || (sig->flags & TINYSKEL_SIG_HASH_CHECK)) && sig->insns_sz <= sizeof(rebuilt) && !tinyskel_insns_rebuild(b, sig, rebuilt))
		insns = rebuilt;
	insns_sz = sig->insns_sz;
	isha = sig->insns_sha256;
	if (!insns || b->data_sz > sizeof(meta)) {
		snprintf(out, size, "signature's loader does not rebuild");
		return -1;
	}
	tinyskel_data_read(b, 0, b->data_sz, meta); /* the value with its zero runs */

	memset(&mc, 0, sizeof(mc));
	mc.map_type = TSK_BPF_MAP_TYPE_ARRAY;
	mc.key_size = 4;
	mc.value_size = b->data_sz;
	mc.max_entries = 1;
	mc.excl_prog_hash = TSK_PTR(isha);
	mc.excl_prog_hash_size = 32;
	map_fd = bpf(TSK_BPF_MAP_CREATE, &mc, TSK_MAP_CREATE_SZ_EXCL);
	if (map_fd < 0) {
		snprintf(out, size, "map create: %s", strerror((int)-map_fd));
		return -1;
	}
	memset(&e, 0, sizeof(e));
	e.map_fd = (uint32_t)map_fd;
	e.key = TSK_PTR(&key);
	e.value = TSK_PTR(meta);
	if (bpf(TSK_BPF_MAP_UPDATE_ELEM, &e, sizeof(e)) || bpf(TSK_BPF_MAP_FREEZE, &e, 4)) {
		snprintf(out, size, "metadata map: %s", strerror(errno));
		return -1;
	}
	if (scheme == TINYSKEL_SCHEME_INLOADER) { /* the kernel caches the hash the loader reads */
		memset(&mi, 0, sizeof(mi));
		memset(&ia, 0, sizeof(ia));
		mi.hash = TSK_PTR(hash);
		mi.hash_size = 32;
		ia.bpf_fd = (uint32_t)map_fd;
		ia.info_len = sizeof(mi);
		ia.info = TSK_PTR(&mi);
		bpf(TSK_BPF_OBJ_GET_INFO_BY_FD, &ia, sizeof(ia));
	}
	memset(&pl, 0, sizeof(pl));
	pl.prog_type = TSK_BPF_PROG_TYPE_SYSCALL;
	pl.insns = TSK_PTR(insns);
	pl.insn_cnt = insns_sz / 8;
	pl.license = TSK_PTR("Dual BSD/GPL");
	pl.prog_flags = TSK_BPF_F_SLEEPABLE;
	pl.fd_array = TSK_PTR(&map_fd);
	tinyskel_sig_read(b, sig, der); /* its first bytes may be shared with the first signature's */
	pl.signature = TSK_PTR(der);
	pl.signature_size = sig->sig_sz;
	pl.keyring_id = cfg->keyring_id;
	if (scheme == TINYSKEL_SCHEME_LOADTIME)
		pl.fd_array_cnt = 1;
	prog_fd = bpf(TSK_BPF_PROG_LOAD, &pl, TSK_PROG_LOAD_SZ_SIGNED);
	if (prog_fd < 0) {
		snprintf(out, size, "the guard or kernel refused the signed loader: %s", strerror((int)-prog_fd));
		return -1;
	}

	/* The crafted context. */
	tinyskel_init(info, &skel);
	memset(evil, 0xef, sizeof(evil));
	*(uint32_t *)evil = 0xdeadbeef;
	skel.maps.rodata.initial_value = TSK_PTR(evil);
	skel.maps.counts.max_entries = 100000;
	memset(&run, 0, sizeof(run));
	run.prog_fd = (uint32_t)prog_fd;
	run.ctx_in = TSK_PTR(&skel);
	run.ctx_size_in = info->ctx_sz;
	r = bpf(TSK_BPF_PROG_RUN, &run, sizeof(run));
	close((int)prog_fd);
	close((int)map_fd);
	if (r < 0 || (int32_t)run.retval < 0) {
		snprintf(out, size, "loader run: %ld, retval %d (refused the crafted ctx: nothing loaded)", r,
			 (int32_t)run.retval);
		return 0;
	}

	memset(&e, 0, sizeof(e));
	e.map_fd = (uint32_t)skel.maps.rodata.map_fd;
	e.key = TSK_PTR(&key);
	e.value = TSK_PTR(evil);
	if (bpf(TSK_BPF_MAP_LOOKUP_ELEM, &e, sizeof(e)) == 0)
		memcpy(&rodata, evil, 4);
	memset(&mi, 0, sizeof(mi));
	memset(&ia, 0, sizeof(ia));
	ia.bpf_fd = (uint32_t)skel.maps.counts.map_fd;
	ia.info_len = offsetof(struct tsk_bpf_map_info, name);
	ia.info = TSK_PTR(&mi);
	if (bpf(TSK_BPF_OBJ_GET_INFO_BY_FD, &ia, sizeof(ia)) == 0)
		counts_max = mi.max_entries;
	snprintf(out, size, "loaded by the signed loader (%s): .rodata off_slot = %#x (signed: 0x1), counts max_entries = %u "
		 "(signed: 2)", tinyskel_scheme_name(scheme), rodata, counts_max);
	return rodata == 1 && counts_max == 2 ? 0 : -1;
}

int main(void)
{
	struct tinyskel_guard_config cfg;
	struct tinyskel_result res;
	char out[512];
	int r;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (tinyskel_guard_read(NULL, &cfg, NULL, &res)) {
		printf("TSK-VM: FAIL guard not active: %s\n", res.reason);
	} else {
		r = attack(&cfg, out, sizeof(out));
		printf("CASE crafted-ctx-signed-loader -> %s  %s\n", out, r ? "BAD" : "OK");
		printf("TSK-VM: %s 1/1\n", r ? "FAIL" : "PASS");
	}
	sync();
	reboot(RB_AUTOBOOT);
	for (;;)
		pause();
}
