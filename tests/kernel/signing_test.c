/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * signing_test.c - signing on the running kernel (6.18 without
 * CONFIG_SYSTEM_DATA_VERIFICATION on this project's machines):
 *  - the probes answer as measured (signature_maps: E2BIG; signed load:
 *    EOPNOTSUPP; exclusive maps: yes);
 *  - the kernel's own hash of the frozen metadata map equals skelgen's;
 *  - exclusive maps admit only the loader whose hash they carry;
 *  - a signed header is refused with a clear reason unless policy allows,
 *    and then loads unsigned and says so;
 *  - the in-loader check runs in the kernel: the variant loads unsigned,
 *    and with one metadata byte changed the loader itself fails and the
 *    runtime names it tampered (TINYSKEL_LOADER_TAMPERED).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <openssl/sha.h>

#include "check.h"
#include "counter_signed.lskel.h"
#include "tinyskel_uapi.h"

static long sys_bpf(int cmd, void *attr, unsigned size)
{
	long r = syscall(__NR_bpf, cmd, attr, size);

	return r < 0 ? -errno : r;
}

static int meta_map(const uint8_t *excl_hash, int freeze)
{
	const struct tinyskel_blob *b = counter_signed__blob();
	struct tsk_attr_map_create mc;
	struct tsk_attr_map_elem up;
	static uint8_t value[65536];
	uint32_t key = 0;
	int fd;

	memset(&mc, 0, sizeof(mc));
	mc.map_type = TSK_BPF_MAP_TYPE_ARRAY;
	mc.key_size = 4;
	mc.value_size = b->data_sz;
	mc.max_entries = 1;
	if (excl_hash) {
		mc.excl_prog_hash = (uintptr_t)excl_hash;
		mc.excl_prog_hash_size = 32;
	}
	fd = (int)sys_bpf(TSK_BPF_MAP_CREATE, &mc, sizeof(mc));
	if (fd < 0)
		return fd;
	memset(&up, 0, sizeof(up));
	up.map_fd = (uint32_t)fd;
	up.key = (uintptr_t)&key;
	if (b->data_sz > sizeof(value))
		return -E2BIG;
	tinyskel_data_read(b, 0, b->data_sz, value); /* zero runs put back */
	up.value = (uintptr_t)value;
	CHECK_INT(sys_bpf(TSK_BPF_MAP_UPDATE_ELEM, &up, sizeof(up)), 0);
	if (freeze) {
		struct tsk_attr_map_freeze fr = { (uint32_t)fd };

		CHECK_INT(sys_bpf(TSK_BPF_MAP_FREEZE, &fr, sizeof(fr)), 0);
	}
	return fd;
}

static long map_hash(int fd, uint8_t out[32])
{
	struct tsk_bpf_map_info info;
	struct tsk_attr_info a;

	memset(&info, 0, sizeof(info));
	memset(&a, 0, sizeof(a));
	info.hash = (uintptr_t)out;
	info.hash_size = 32;
	a.bpf_fd = (uint32_t)fd;
	a.info_len = sizeof(info);
	a.info = (uintptr_t)&info;
	return sys_bpf(TSK_BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a));
}

static long load_prog(const uint8_t *insns, uint32_t sz, int *map_fd, uint32_t fd_array_cnt)
{
	struct tsk_attr_prog_load a;

	memset(&a, 0, sizeof(a));
	a.prog_type = TSK_BPF_PROG_TYPE_SYSCALL;
	a.insns = (uintptr_t)insns;
	a.insn_cnt = sz / 8;
	a.license = (uintptr_t)"Dual BSD/GPL";
	a.prog_flags = TSK_BPF_F_SLEEPABLE;
	a.fd_array = (uintptr_t)map_fd;
	a.fd_array_cnt = fd_array_cnt;
	return sys_bpf(TSK_BPF_PROG_LOAD, &a, TSK_PROG_LOAD_SZ_SIGNED);
}

static void test_probes(void)
{
	struct tinyskel_features f;

	check_ctx = "probes on this kernel";
	tinyskel_probe_reset();
	CHECK_INT(tinyskel_probe(&f), 0);
	printf("probes: syscall=%u excl=%u signature_maps=%u (%d) verify=%u loadtime=%u (%d)\n", f.prog_syscall,
	       f.excl_maps, f.signature_maps, f.probe_err[2], f.verify, f.loadtime, f.probe_err[3]);
	CHECK_INT(f.prog_syscall, 1);
	CHECK_INT(f.excl_maps, 1);
	CHECK_INT(f.signature_maps, 0);
	CHECK_INT(f.probe_err[2], -E2BIG);  /* 6.18's union ends at keyring_id */
	CHECK_INT(f.verify, 0);
	CHECK_INT(f.probe_err[3], -EOPNOTSUPP); /* no CONFIG_SYSTEM_DATA_VERIFICATION */
}

static void test_kernel_hash(void)
{
	const struct tinyskel_blob *b = counter_signed__blob();
	uint8_t h[32];
	int fd;

	check_ctx = "kernel's map hash";
	fd = meta_map(NULL, 0);
	CHECK(fd > 0);
	CHECK_INT(map_hash(fd, h), -EPERM); /* unfrozen: the kernel will not hash it */
	close(fd);
	fd = meta_map(NULL, 1);
	CHECK_INT(map_hash(fd, h), 0);
	CHECK(memcmp(h, b->data_sha256, 32) == 0);
	close(fd);
}

static void test_exclusive(void)
{
	const struct tinyskel_blob *b = counter_signed__blob();
	int fd, prog;

	check_ctx = "exclusive map";
	fd = meta_map(b->insns_sha256, 1);
	CHECK(fd > 0);
	prog = (int)load_prog(b->insns, b->insns_sz, &fd, 0);
	CHECK(prog > 0); /* the loader the map was made for */
	if (prog > 0)
		close(prog);
	/* any other program binding the map is refused */
	CHECK_INT(load_prog((const uint8_t *)"\xb7\0\0\0\0\0\0\0\x95\0\0\0\0\0\0\0", 16, &fd, 1), -EACCES);
	close(fd);
}

static struct counter_signed skel;

static int count_getppid(int n)
{
	int i;

	if (counter_signed__attach(&skel))
		return -1;
	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	counter_signed__detach(&skel);
	return (int)skel.bss->hits;
}

static int load_with(uint32_t policy, uint32_t force, const struct tinyskel_skel_info *info)
{
	struct tinyskel_opts opts = { .sz = sizeof(opts), .policy = policy, .force_scheme = force };

	tinyskel_init(info, &skel);
	skel.data->target_pid = getpid();
	skel.data->target_syscall = SYS_getppid;
	return tinyskel_load(info, &skel, &opts, &skel.result);
}

static void test_policy(void)
{
	const struct tinyskel_skel_info *info = counter_signed__info();

	check_ctx = "signed header, signature required";
	CHECK_INT(load_with(TINYSKEL_POLICY_REQUIRE_SIGNED, 0, info), -EOPNOTSUPP);
	CHECK_INT(skel.result.step, TINYSKEL_STEP_POLICY);
	CHECK(strstr(skel.result.reason, "cannot verify") != NULL);
	printf("required: %s: %s\n", tinyskel_step_name(skel.result.step), skel.result.reason);

	check_ctx = "forced loadtime signature sent to the kernel";
	CHECK_INT(load_with(TINYSKEL_POLICY_REQUIRE_SIGNED, TINYSKEL_SCHEME_LOADTIME + 1, info), -EOPNOTSUPP);
	CHECK_INT(skel.result.step, TINYSKEL_STEP_PROG_LOAD);
	CHECK(strstr(skel.result.reason, "CONFIG_SYSTEM_DATA_VERIFICATION") != NULL);
	printf("loadtime: %s: %s\n", tinyskel_step_name(skel.result.step), skel.result.reason);

	check_ctx = "forced chain signature: kernel lacks signature_maps";
	CHECK_INT(load_with(TINYSKEL_POLICY_REQUIRE_SIGNED, TINYSKEL_SCHEME_CHAIN + 1, info), -E2BIG);
	CHECK(strstr(skel.result.reason, "lacks") != NULL);

	check_ctx = "signed header, unsigned allowed";
	CHECK_INT(load_with(TINYSKEL_POLICY_ALLOW_UNSIGNED, 0, info), 0);
	CHECK_INT(skel.result.scheme, TINYSKEL_SCHEME_NONE);
	CHECK(strstr(skel.result.reason, "loaded unsigned") != NULL);
	CHECK_INT(count_getppid(5), 5);
	counter_signed__deinit(&skel);
}

static void test_inloader(void)
{
	const struct tinyskel_skel_info *info = counter_signed__info();
	const struct tinyskel_blob *b = info->blob;
	static uint8_t data[65536];
	static uint8_t sha[32];
	struct tinyskel_blob tampered = *b;
	struct tinyskel_skel_info tinfo = *info;

	check_ctx = "in-loader variant, intact blob";
	CHECK_INT(load_with(TINYSKEL_POLICY_UNSIGNED_ONLY, TINYSKEL_SCHEME_INLOADER + 1, info), 0);
	CHECK_INT(count_getppid(3), 3);
	counter_signed__deinit(&skel);

	/* One byte of the metadata changed (what an attacker can do without
	 * the key); the header's hash of it left as signed, so the variant the
	 * runtime rebuilds embeds the signed hash. */
	if (b->data_sz > sizeof(data))
		return;
	tinyskel_data_read(b, 0, b->data_sz, data);
	data[b->data_sz - 1] ^= 0x01;
	SHA256(data, b->data_sz, sha);
	tampered.data = data;
	tampered.nr_zeros = 0;
	tampered.zeros = NULL;
	tinfo.blob = &tampered;

	check_ctx = "common loader, same changed byte (control)";
	CHECK_INT(load_with(TINYSKEL_POLICY_UNSIGNED_ONLY, 0, &tinfo), 0);
	counter_signed__deinit(&skel);

	check_ctx = "in-loader variant, changed metadata";
	CHECK_INT(load_with(TINYSKEL_POLICY_UNSIGNED_ONLY, TINYSKEL_SCHEME_INLOADER + 1, &tinfo), -EBADMSG);
	CHECK_INT(skel.result.step, TINYSKEL_STEP_MAP_HASH);
	counter_signed__deinit(&skel);

	/* The header's hash changed to match too, and the variant carried in
	 * full as it was signed (embedding the signed hash): the runtime's
	 * comparison passes, the loader's own check refuses. */
	{
		static uint8_t full[8][1 << 16];
		static struct tinyskel_signature sigs[8];
		uint32_t i;

		for (i = 0; i < b->nr_sigs && i < 8; i++)
			sigs[i] = b->sigs[i];
		for (i = 0; i < b->nr_sigs && i < 8; i++) {
			if (sigs[i].scheme != TINYSKEL_SCHEME_INLOADER || sigs[i].insns || sigs[i].insns_sz > sizeof(full[i]))
				continue;
			CHECK_INT(tinyskel_insns_rebuild(b, &b->sigs[i], full[i]), 0);
			sigs[i].insns = full[i];
			sigs[i].nr_edits = 0;
			sigs[i].edits = NULL;
			sigs[i].flags &= (uint16_t)~TINYSKEL_SIG_HASH_CHECK;
			/* both variants: this kernel's layout picks one */
		}
		tampered.data_sha256 = sha;
		tampered.sigs = sigs;
		check_ctx = "in-loader variant in full, changed metadata and header hash";
		CHECK_INT(load_with(TINYSKEL_POLICY_UNSIGNED_ONLY, TINYSKEL_SCHEME_INLOADER + 1, &tinfo), -EKEYREJECTED);
		CHECK_INT(skel.result.step, TINYSKEL_STEP_LOADER);
		CHECK_INT(skel.result.loader_ret, TINYSKEL_LOADER_TAMPERED);
		CHECK(strstr(skel.result.reason, "metadata does not match the signed hash (tampered)") != NULL);
		printf("in-loader check: %s: loader returned %d: %s\n", tinyskel_step_name(skel.result.step),
		       skel.result.loader_ret, skel.result.reason);
		counter_signed__deinit(&skel);
		tampered.sigs = b->sigs;
	}

	/* The same with the check the runtime generates from the header's
	 * hash (TINYSKEL_SIG_HASH_CHECK): it then embeds the attacker's hash,
	 * so the rebuilt variant is not the signed program.  A signing kernel
	 * refuses its signature; this one refuses a program other than the
	 * one the metadata map was made exclusive to. */
	check_ctx = "in-loader variant, changed metadata and header hash";
	CHECK(load_with(TINYSKEL_POLICY_UNSIGNED_ONLY, TINYSKEL_SCHEME_INLOADER + 1, &tinfo) < 0);
	CHECK_INT(skel.result.step, TINYSKEL_STEP_PROG_LOAD);
	printf("in-loader variant with the attacker's hash: %s: %s\n", tinyskel_step_name(skel.result.step),
	       skel.result.reason);
	counter_signed__deinit(&skel);
}

int main(void)
{
	if (geteuid() != 0) {
		printf("needs root to load BPF programs\n");
		return 77;
	}
	test_probes();
	test_kernel_hash();
	test_exclusive();
	test_policy();
	test_inloader();
	return check_exit();
}
