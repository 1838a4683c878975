/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * probe_layout.c - can the in-loader check run here, and which variant?
 *
 * The 6.18 in-loader check reads the kernel's struct bpf_map through a map
 * pointer.  Two facts decide whether a signed in-loader variant can verify
 * (SCHEMES.md, "Facts measured on the kernels in ../shared/kernels"):
 *   - without vmlinux BTF the verifier refuses every read through a map
 *     pointer: ENOTSUPP (524);
 *   - early 6.18.y keeps the `ops` pointer at TINYSKEL_INLOADER_EXCL_OFF,
 *     later 6.18.y a `u32 excl`: a 32-bit read there is refused (EACCES)
 *     only on the early layout.
 * Two unsigned loads ask the verifier itself, so the answer holds also
 * where /sys is not mounted: a 64-bit read at offset 0 (what every variant
 * does) and a 32-bit read at the excl offset.  "Early layout" is concluded
 * only from the pair (offset 0 accepted, excl read refused with EACCES);
 * any other refusal of the excl read leaves the layout unknown and no
 * variant is sent.  Asked lazily, only when a header offers in-loader, and
 * cached with the other probes (not when the process itself ran short).
 */
#include <errno.h>

#include "../internal.h"

static int layout_err[2];
static int layout_state; /* 0 empty, 1 being written, 2 ready */

void tsk_probe_layout_reset(void)
{
	__atomic_store_n(&layout_state, 0, __ATOMIC_RELEASE);
}

/* r1 = map[0]; r2 = *(size *)(r1 + off); r0 = 0; exit */
static int probe_map_read(int map_fd, uint8_t ldx_code, int16_t off)
{
	static const char license[] = "GPL";
	struct tsk_bpf_insn insns[5] = {
		{ 0x18, 1 | (5 << 4), 0, 0 }, /* ld_imm64 r1, BPF_PSEUDO_MAP_IDX 0 */
		{ 0, 0, 0, 0 },
		{ ldx_code, 2 | (1 << 4), off, 0 },
		{ 0xb7, 0, 0, 0 },
		{ 0x95, 0, 0, 0 },
	};
	struct tsk_attr_prog_load attr;
	long fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = TSK_BPF_PROG_TYPE_SYSCALL;
	attr.insns = TSK_PTR(insns);
	attr.insn_cnt = 5;
	attr.license = TSK_PTR(license);
	attr.prog_flags = TSK_BPF_F_SLEEPABLE;
	attr.fd_array = TSK_PTR(&map_fd);
	fd = tsk_sys_bpf(TSK_BPF_PROG_LOAD, &attr, TSK_PROG_LOAD_SZ_PLAIN);
	if (fd < 0)
		return (int)fd;
	tsk_sys_close((int)fd);
	return 0;
}

static void probe(int err[2])
{
	struct tsk_attr_map_create attr;
	struct tinyskel_features g;
	long map_fd;

	/* Under the device's BPF guard: what the boot-time loader asked. */
	if (tsk_guard_facts(&g) == 0) {
		err[0] = g.layout_err[0];
		err[1] = g.layout_err[1];
		return;
	}

	memset(&attr, 0, sizeof(attr));
	attr.map_type = TSK_BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 8;
	attr.max_entries = 1;
	map_fd = tsk_sys_bpf(TSK_BPF_MAP_CREATE, &attr, TSK_MAP_CREATE_SZ_PLAIN);
	if (map_fd < 0) {
		err[0] = err[1] = (int)map_fd;
		return;
	}
	err[0] = probe_map_read((int)map_fd, 0x79, 0); /* u64 at 0: the first hash word */
	err[1] = err[0] ? err[0] : probe_map_read((int)map_fd, 0x61, TINYSKEL_INLOADER_EXCL_OFF);
	tsk_sys_close((int)map_fd);
}

/* Errors of this process, not answers of the kernel: never cached. */
static int transient(int e)
{
	return e == -EMFILE || e == -ENFILE || e == -ENOMEM || e == -EAGAIN || e == -EINTR || e == -EPERM;
}

int tinyskel_probe_layout(struct tinyskel_features *f)
{
	int err[2], empty = 0;

	if (__atomic_load_n(&layout_state, __ATOMIC_ACQUIRE) == 2) {
		err[0] = layout_err[0];
		err[1] = layout_err[1];
	} else {
		probe(err);
		if (!transient(err[0]) && !transient(err[1]) &&
		    __atomic_compare_exchange_n(&layout_state, &empty, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
			layout_err[0] = err[0];
			layout_err[1] = err[1];
			__atomic_store_n(&layout_state, 2, __ATOMIC_RELEASE);
		}
	}
	f->layout_err[0] = err[0];
	f->layout_err[1] = err[1];
	f->map_hash_read = err[0] == 0;
	f->btf = err[0] == 0;
	f->map_excl_word = err[0] == 0 && err[1] == 0;
	return transient(err[0]) ? err[0] : transient(err[1]) ? err[1] : 0;
}

int tsk_inloader_variant(const struct tinyskel_features *f, uint32_t *flags, const char **why)
{
	if (f->map_excl_word) {
		*flags = 0;
		return 0;
	}
	if (f->map_hash_read && f->layout_err[1] == -EACCES) {
		*flags = TINYSKEL_SIG_INLOADER_NO_EXCL;
		return 0;
	}
	if (f->layout_err[0] == -524) /* the kernel's internal ENOTSUPP */
		*why = TSK_WHY("kernel has no BTF (CONFIG_DEBUG_INFO_BTF): the 6.18 in-loader check cannot run");
	else if (f->layout_err[0] == -EPERM || f->layout_err[1] == -EPERM)
		*why = TSK_WHY("cannot probe the kernel's bpf_map layout for the in-loader check (needs CAP_BPF / root)");
	else
		*why = TSK_WHY("the kernel's verifier refuses the in-loader check's map reads (unknown struct bpf_map layout)");
	return -EOPNOTSUPP;
}
