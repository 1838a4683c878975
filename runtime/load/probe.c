/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * probe.c - what the running kernel supports, asked once per process.
 *
 * The cache is the runtime's only global mutable state.  Probes need no key
 * and load nothing that stays: every fd they open is closed before return.
 * Where the device's BPF guard is pinned (runtime/guard/), the answers are
 * the ones its boot-time loader recorded, and nothing is loaded here.
 * The answers each kernel gives are listed in SCHEMES.md ("Telling kernels
 * apart") and pinned by tests/model and tests/kernel.
 */
#include <errno.h>

#include "../internal.h"

static const struct tsk_bpf_insn tsk_ret0_insns[2] = {
	{ 0xb7, 0, 0, 0 }, /* r0 = 0 */
	{ 0x95, 0, 0, 0 }, /* exit */
};

/* Loads may run in several threads: the cache is published once, whole,
 * by whoever probed first (state 0 empty, 1 being written, 2 ready);
 * a thread that finds it being written uses its own answers. */
static struct tinyskel_features cache;
static int cache_state;

void tinyskel_probe_reset(void)
{
	__atomic_store_n(&cache_state, 0, __ATOMIC_RELEASE);
	tsk_probe_excl_set(-1);
	tsk_probe_layout_reset();
	tsk_guard_reset();
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

/* SHA-256 of tsk_ret0_insns (sha256sum of its 16 bytes): a map exclusive
 * to the probe program itself. */
static const uint8_t ret0_sha256[32] = {
	0x59, 0xf4, 0xa9, 0x31, 0x74, 0x4d, 0xcd, 0xc6, 0x29, 0x44, 0xa0, 0x18, 0xed, 0x39, 0x90, 0xe6,
	0x66, 0xec, 0x64, 0x44, 0x61, 0x64, 0x18, 0xd3, 0xb0, 0x9a, 0x82, 0xdc, 0x5c, 0x75, 0x3d, 0x52,
};

static long create_probe_map(const uint8_t *excl_hash)
{
	struct tsk_attr_map_create attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = TSK_BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 8;
	attr.max_entries = 1;
	if (!excl_hash)
		return tsk_sys_bpf(TSK_BPF_MAP_CREATE, &attr, TSK_MAP_CREATE_SZ_PLAIN);
	attr.excl_prog_hash = TSK_PTR(excl_hash);
	attr.excl_prog_hash_size = 32;
	return tsk_sys_bpf(TSK_BPF_MAP_CREATE, &attr, TSK_MAP_CREATE_SZ_EXCL);
}

/* Signed load of a junk signature with one frozen map bound through
 * fd_array_cnt.  With a non-exclusive map: a load-time-verifying kernel
 * refuses the map first (EPERM, EINVAL in an early revision); a 6.18-era
 * kernel parses the signature first (EBADMSG); a kernel without signature
 * support says EOPNOTSUPP (no CONFIG_SYSTEM_DATA_VERIFICATION) or E2BIG
 * (< 6.18).  With a map exclusive to the probe, a load-time kernel gets to
 * the signature too: EBADMSG if it can verify, EOPNOTSUPP if not. */
static int probe_signed_load(const uint8_t *excl_hash)
{
	static const uint8_t junk_sig[8] = { 0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00 };
	struct tsk_attr_map_freeze freeze;
	struct tsk_attr_prog_load attr;
	long err, map_fd = create_probe_map(excl_hash);
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

static void probe_all(struct tinyskel_features *f)
{
	int e;

	memset(f, 0, sizeof(*f));
	f->probe_err[0] = e = probe_syscall_prog();
	f->prog_syscall = e == 0;
	f->probe_err[1] = e = close_ok(create_probe_map(ret0_sha256));
	f->excl_maps = e == 0;
	f->probe_err[2] = e = probe_signature_maps();
	f->signature_maps = e == 0;
	if (f->excl_maps || f->signature_maps) {
		f->probe_err[3] = e = probe_signed_load(NULL);
		f->loadtime = e == -EPERM || e == -EINVAL;
		/* Refusing the map says nothing about verification: ask again
		 * with a map the load-time kernel accepts. */
		if (f->loadtime)
			f->probe_err[4] = e = probe_signed_load(ret0_sha256);
		f->verify = e == -EBADMSG;
	}
	f->probed = 1;
}

/* Errors of this process, not answers of the kernel: out of fds or
 * memory, interrupted, or not allowed to use BPF at all.  Such a probe
 * says nothing about the kernel, so it must never be cached. */
static int process_error(int e)
{
	return e == -EMFILE || e == -ENFILE || e == -ENOMEM || e == -EAGAIN || e == -EINTR ||
	       e == -EPERM;
}

/* The first process error among the answers, or 0.  The junk-signature
 * load with a plain map (probe_err[3]) is only tried once a probe showed
 * we may use BPF, and EPERM is there the load-time kernel's answer. */
static int first_process_error(const struct tinyskel_features *f)
{
	size_t i;

	for (i = 0; i < sizeof(f->probe_err) / sizeof(f->probe_err[0]); i++)
		if (process_error(f->probe_err[i]) && !(i == 3 && f->probe_err[i] == -EPERM))
			return f->probe_err[i];
	return 0;
}

int tinyskel_probe(struct tinyskel_features *out)
{
	struct tinyskel_features f;
	int empty = 0, err;

	if (__atomic_load_n(&cache_state, __ATOMIC_ACQUIRE) == 2) {
		f = cache;
	} else {
		/* Under the device's BPF guard the probe loads would be refused:
		 * take what the boot-time loader probed before it attached. */
		if (tsk_guard_facts(&f) != 0)
			probe_all(&f);
		err = first_process_error(&f);
		if (err) {
			f.probed = 0; /* not an answer: ask again next time */
			if (out)
				*out = f;
			return err;
		}
		tsk_probe_excl_set((int)f.excl_maps);
		if (__atomic_compare_exchange_n(&cache_state, &empty, 1, 0, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED)) {
			cache = f;
			__atomic_store_n(&cache_state, 2, __ATOMIC_RELEASE);
		}
	}
	if (out)
		*out = f;
	return f.prog_syscall ? 0 : f.probe_err[0];
}
