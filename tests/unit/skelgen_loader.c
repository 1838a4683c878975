/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* skelgen_loader.c - the loader contract's edits (skelgen/gen/loader.h) on
 * a loader shaped like libbpf 1.1's: the sealed signed loader reads no
 * max_entries, no read-only initial value and no BPF_SKEL_KERNEL flag from
 * its context; each program load's error branch encodes the program index
 * the runtime decodes (tinyskel.h, one definition for both sides). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "gen/loader.h"
#include "gen/patch.h"

#define I(c, d, s, o, m) { (c), (d), (s), (o), (m) }
#define LD64(d, v) I(0x18, (d), 6, 0, 0), I(0, 0, 0, 0, (v))
/* r1 = cmd; r2 = attr; r3 = size; call sys_bpf; r7 = r0 */
#define SYS_BPF(cmd) I(0xb7, 1, 0, 0, (cmd)), LD64(2, 64), I(0xb7, 3, 0, 0, 72), I(0x85, 0, 0, 0, 166), \
	I(0xbf, 7, 0, 0, 0)

/* Two maps (0: a hash map, 1: .rodata), one program:
 *  0 r6 = r1
 *  1 ja +2 -> 4            over cleanup
 *  2 r0 = r7               cleanup
 *  3 exit
 *  4 r0 = *(u32 *)(r6 + 28)     map 0 max_entries
 *  5 if r0 == 0 goto +3
 *  6 ld_imm64 r1
 *  8 *(u32 *)(r1 + 0) = r0
 *  9 SYS_BPF(map create) (6 insns, to 14)
 * 15 if r7 s< 0 goto 2  (-14)
 * 16 r3 = *(u64 *)(r6 + 48)     map 1 (.rodata) initial value
 * 17 if r3 == 0 goto +4 -> 22
 * 18 r0 = *(u32 *)(r6 + 4)      flags
 * 19 if r0 & 1 goto +1 -> 21
 * 20 call copy_from_user
 * 21 call probe_read_kernel
 * 22 r0 = *(u32 *)(r6 + 8)      log_level (kept)
 * 23 SYS_BPF(prog load) (to 28)
 * 29 if r7 s< 0 goto 2  (-28)
 * 30 r0 = 0
 * 31 exit */
static const struct sg_insn ld[] = {
	I(0xbf, 6, 1, 0, 0), I(0x05, 0, 0, 2, 0), I(0xbf, 0, 7, 0, 0), I(0x95, 0, 0, 0, 0),
	I(0x61, 0, 6, 28, 0), I(0x15, 0, 0, 3, 0), LD64(1, 8), I(0x63, 1, 0, 0, 0),
	SYS_BPF(0), I(0xc5, 7, 0, -14, 0),
	I(0x79, 3, 6, 48, 0), I(0x15, 3, 0, 4, 0), I(0x61, 0, 6, 4, 0), I(0x45, 0, 0, 1, 1),
	I(0x85, 0, 0, 0, 148), I(0x85, 0, 0, 0, 113), I(0x61, 0, 6, 8, 0),
	SYS_BPF(5), I(0xc5, 7, 0, -28, 0), I(0xb7, 0, 0, 0, 0), I(0x95, 0, 0, 0, 0),
};
#define N (sizeof(ld) / sizeof(ld[0]))

static uint8_t raw[N * 8];

static void get(const uint8_t *p, size_t i, struct sg_insn *x)
{
	sg_insn_get(p + 8 * i, x);
}

static long target(const uint8_t *p, size_t i)
{
	struct sg_insn x;

	get(p, i, &x);
	return (long)i + 1 + x.off;
}

int main(void)
{
	const int ro[2] = { 0, 1 }, rw[2] = { 0, 0 };
	uint8_t *out = NULL;
	size_t out_sz = 0, i;
	struct sg_insn x;

	for (i = 0; i < N; i++)
		sg_insn_put(raw + 8 * i, &ld[i]);
	for (i = 0; i < N; i++) {
		get(raw, i, &x);
		CHECK(x.code == ld[i].code && x.dst == ld[i].dst && x.src == ld[i].src && x.off == ld[i].off &&
		      x.imm == ld[i].imm); /* bytes and back */
	}

	check_ctx = "sealed: ctx reads of max_entries, .rodata and flags become 0";
	CHECK_INT(sg_loader_seal_raw(raw, sizeof(raw), ro, 2, &out, &out_sz), 0);
	CHECK_INT(out_sz, sizeof(raw));
	if (out) {
		static const size_t sealed[] = { 4, 16, 18 };

		for (i = 0; i < N; i++) {
			int want_zeroed = i == sealed[0] || i == sealed[1] || i == sealed[2];

			get(out, i, &x);
			if (want_zeroed) {
				CHECK_INT(x.code, 0xb7);
				CHECK_INT(x.dst, ld[i].dst);
				CHECK_INT(x.imm, 0);
			} else {
				CHECK(!memcmp(out + 8 * i, raw + 8 * i, 8)); /* log read kept, jumps unchanged */
			}
		}
		free(out);
	}

	check_ctx = "sealed: a writable map's initial value stays the app's";
	out = NULL;
	CHECK_INT(sg_loader_seal_raw(raw, sizeof(raw), rw, 2, &out, &out_sz), 0);
	if (out) {
		get(out, 16, &x);
		CHECK_INT(x.code, 0x79);
		get(out, 4, &x);
		CHECK_INT(x.code, 0xb7);
		free(out);
	}

	check_ctx = "refused: a ctx read nobody can seal";
	{
		uint8_t bad[sizeof(raw)];
		struct sg_insn y = ld[22];

		memcpy(bad, raw, sizeof(bad));
		y.off = 0; /* ctx->sz */
		sg_insn_put(bad + 8 * 22, &y);
		out = NULL;
		CHECK_INT(sg_loader_seal_raw(bad, sizeof(bad), ro, 2, &out, &out_sz), -ENOEXEC);
		CHECK(out == NULL);
		memcpy(bad, raw, sizeof(bad));
		y = ld[4];
		y.off = 24 + 16 * 2 + 4; /* a map the header does not have */
		sg_insn_put(bad + 8 * 4, &y);
		CHECK_INT(sg_loader_seal_raw(bad, sizeof(bad), ro, 2, &out, &out_sz), -ENOEXEC);
		memcpy(bad, raw, sizeof(bad));
		y = sg_insn_mk(0xbf, 2, 6, 0, 0); /* r2 = r6: the context escapes */
		sg_insn_put(bad + 8 * 30, &y);
		CHECK_INT(sg_loader_seal_raw(bad, sizeof(bad), ro, 2, &out, &out_sz), -ENOEXEC);
		memcpy(bad, raw, sizeof(bad));
		y = sg_insn_mk(0x07, 6, 0, 0, 8); /* r6 += 8 */
		sg_insn_put(bad + 8 * 30, &y);
		CHECK_INT(sg_loader_seal_raw(bad, sizeof(bad), ro, 2, &out, &out_sz), -ENOEXEC);
	}

	check_ctx = "named errors: the program load's error branch encodes its index";
	out = NULL;
	CHECK_INT(sg_loader_name_errors_raw(raw, sizeof(raw), 1, &out, &out_sz), 0);
	CHECK_INT(out_sz, sizeof(raw) + 16);
	if (out) {
		/* 29: if r7 s>= 0 goto +1; 30: r7 += bias; 31: libbpf's check */
		get(out, 29, &x);
		CHECK_INT(x.code, SG_JSGE_K);
		CHECK_INT(x.dst, 7);
		CHECK_INT(target(out, 29), 31);
		get(out, 30, &x);
		CHECK_INT(x.code, SG_ADD64_K);
		CHECK_INT(x.imm, TINYSKEL_LOADER_PROG_ERR(0, 0));
		CHECK_INT(target(out, 31), 2); /* still the cleanup label */
		CHECK_INT(target(out, 15), 2); /* the map create's branch untouched */
		CHECK_INT(target(out, 1), 4);
		/* what the loader then returns decodes to program 0 and the errno */
		{
			int32_t r7 = -EACCES + x.imm;

			CHECK(TINYSKEL_LOADER_RET_IS_PROG(r7));
			CHECK_INT(TINYSKEL_LOADER_RET_PROG(r7), 0);
			CHECK_INT(TINYSKEL_LOADER_RET_ERR(r7), -EACCES);
			CHECK(!TINYSKEL_LOADER_RET_IS_PROG(-EACCES));
			CHECK(!TINYSKEL_LOADER_RET_IS_PROG(-4095));
			CHECK(!TINYSKEL_LOADER_RET_IS_PROG(TINYSKEL_LOADER_TAMPERED));
			r7 = TINYSKEL_LOADER_PROG_ERR(TINYSKEL_LOADER_PROGS_MAX - 1, -4095);
			CHECK(TINYSKEL_LOADER_RET_IS_PROG(r7));
			CHECK_INT(TINYSKEL_LOADER_RET_PROG(r7), TINYSKEL_LOADER_PROGS_MAX - 1);
			CHECK_INT(TINYSKEL_LOADER_RET_ERR(r7), -4095);
		}
		free(out);
	}
	check_ctx = "named errors: a count that does not match the header is refused";
	CHECK_INT(sg_loader_name_errors_raw(raw, sizeof(raw), 2, &out, &out_sz), -ENOEXEC);
	CHECK_INT(sg_loader_name_errors_raw(raw, sizeof(raw), 0, &out, &out_sz), -ENOEXEC);

	check_ctx = "patch: a replaced run's middle cannot be a jump target";
	{
		struct sg_insn two[2] = { sg_insn_mk(0xb7, 0, 0, 0, 0), sg_insn_mk(0xb7, 0, 0, 0, 0) };
		struct sg_edit e = { 16, 3, 2, two }; /* 16..18: no jump targets 17 or 18 */

		out = NULL;
		CHECK_INT(sg_patch(raw, sizeof(raw), &e, 1, &out, &out_sz), 0);
		if (out) {
			CHECK_INT(out_sz, sizeof(raw) - 8);
			CHECK_INT(target(out, 28), 2); /* prog load's check, one earlier */
			free(out);
		}
		out = NULL;
		e.at = 20; e.n_old = 2; /* 21 is the target of 19's jump */
		CHECK_INT(sg_patch(raw, sizeof(raw), &e, 1, &out, &out_sz), -ERANGE);
		CHECK(out == NULL);
	}
	return check_exit();
}
