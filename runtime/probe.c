/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * probe.c - what the running kernel supports, asked once per process.
 *
 * The cache is the runtime's only global mutable state.  Probes need no key
 * and load nothing that stays: every fd they open is closed before return.
 * The answers each kernel gives are listed in SCHEMES.md ("Telling kernels
 * apart") and pinned by tests/model and tests/kernel.
 */
#include <errno.h>

#include "internal.h"

const struct tsk_bpf_insn tsk_ret0_insns[2] = {
	{ 0xb7, 0, 0, 0 }, /* r0 = 0 */
	{ 0x95, 0, 0, 0 }, /* exit */
};

static struct tinyskel_features cache;
static int excl_known = -1; /* learnt by probes or by the first load */

int tsk_probe_excl_known(void)
{
	return excl_known;
}

void tsk_probe_excl_set(int yes)
{
	excl_known = yes;
}

void tinyskel_probe_reset(void)
{
	memset(&cache, 0, sizeof(cache));
	excl_known = -1;
}

static long load_ret0(struct tsk_attr_prog_load *attr, unsigned int size)
{
	static const char license[] = "GPL";

	attr->prog_type = TSK_BPF_PROG_TYPE_SYSCALL;
	attr->insns = TSK_PTR(tsk_ret0_insns);
	attr->insn_cnt = 2;
	attr->license = TSK_PTR(license);
	attr->prog_flags = TSK_BPF_F_SLEEPABLE;
	return tsk_sys_bpf(TSK_BPF_PROG_LOAD, attr, size);
}

static int close_ok(long fd)
{
	if (fd < 0)
		return (int)fd;
	tsk_sys_close((int)fd);
	return 0;
}

/* A program type the loader needs: BPF_PROG_TYPE_SYSCALL (5.14+). */
static int probe_syscall_prog(void)
{
	struct tsk_attr_prog_load attr;

	memset(&attr, 0, sizeof(attr));
	return close_ok(load_ret0(&attr, TSK_PROG_LOAD_SZ_PLAIN));
}

/* The hash-chain UAPI: only a kernel that knows signature_maps accepts a
 * non-zero signature_maps_size (6.18 answers E2BIG). */
static int probe_signature_maps(void)
{
	static const int idx[1] = { 0 };
	struct tsk_attr_prog_load attr;

	memset(&attr, 0, sizeof(attr));
	attr.signature_maps = TSK_PTR(idx);
	attr.signature_maps_size = 1;
	return close_ok(load_ret0(&attr, TSK_PROG_LOAD_SZ_CHAIN));
}

static long create_probe_map(int exclusive)
{
	static const uint8_t some_hash[32];
	struct tsk_attr_map_create attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = TSK_BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 8;
	attr.max_entries = 1;
	if (!exclusive)
		return tsk_sys_bpf(TSK_BPF_MAP_CREATE, &attr, TSK_MAP_CREATE_SZ_PLAIN);
	attr.excl_prog_hash = TSK_PTR(some_hash);
	attr.excl_prog_hash_size = sizeof(some_hash);
	return tsk_sys_bpf(TSK_BPF_MAP_CREATE, &attr, TSK_MAP_CREATE_SZ_EXCL);
}

/* Signed load of a junk signature with one frozen, non-exclusive map bound
 * through fd_array_cnt.  A load-time-verifying kernel refuses the map first
 * (EPERM, EINVAL in an early revision); a 6.18-era kernel parses the
 * signature first (EBADMSG); a kernel without signature support says
 * EOPNOTSUPP (no CONFIG_SYSTEM_DATA_VERIFICATION) or E2BIG (< 6.18). */
static int probe_signed_load(void)
{
	static const uint8_t junk_sig[8] = { 0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00 };
	struct tsk_attr_map_freeze freeze;
	struct tsk_attr_prog_load attr;
	long err, map_fd = create_probe_map(0);
	int fd;

	if (map_fd < 0)
		return (int)map_fd;
	fd = (int)map_fd;
	memset(&freeze, 0, sizeof(freeze));
	freeze.map_fd = (uint32_t)fd;
	err = tsk_sys_bpf(TSK_BPF_MAP_FREEZE, &freeze, sizeof(freeze));
	if (err >= 0) {
		memset(&attr, 0, sizeof(attr));
		attr.fd_array = TSK_PTR(&fd);
		attr.fd_array_cnt = 1;
		attr.signature = TSK_PTR(junk_sig);
		attr.signature_size = sizeof(junk_sig);
		attr.keyring_id = 0;
		err = close_ok(load_ret0(&attr, TSK_PROG_LOAD_SZ_SIGNED));
		if (err == 0)
			err = -EPROTO; /* accepted a junk signature: trust no answer */
	}
	tsk_sys_close(fd);
	return (int)err;
}

static void probe_all(void)
{
	int e;

	cache.probe_err[0] = e = probe_syscall_prog();
	cache.prog_syscall = e == 0;
	cache.probe_err[1] = e = close_ok(create_probe_map(1));
	cache.excl_maps = e == 0;
	excl_known = cache.excl_maps;
	cache.probe_err[2] = e = probe_signature_maps();
	cache.signature_maps = e == 0;
	if (cache.excl_maps || cache.signature_maps) {
		cache.probe_err[3] = e = probe_signed_load();
		cache.verify = e == -EBADMSG || e == -EPERM || e == -EINVAL;
		cache.loadtime = e == -EPERM || e == -EINVAL;
	}
	cache.probed = 1;
}

int tinyskel_probe(struct tinyskel_features *out)
{
	if (!cache.probed)
		probe_all();
	if (out)
		*out = cache;
	return cache.prog_syscall ? 0 : cache.probe_err[0];
}
