/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* skelgen_inloader.c - inserting the in-loader hash check into a loader
 * shaped like libbpf's: prologue, ja over cleanup, body with error
 * branches back to cleanup.  Every jump must land where it did before. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "gen/inloader.h"

struct insn {
	uint8_t code, regs;
	int16_t off;
	int32_t imm;
};

#define MOV(d, v) { 0xb7, (d), 0, (v) }
#define JA(o) { 0x05, 0, (o), 0 }
#define JNE(o) { 0x55, 1, (o), 0 }
#define EXIT { 0x95, 0, 0, 0 }
#define LD64(d) { 0x18, (d), 0, 7 }, { 0, 0, 0, 0 }

/*  0 r6 = 1           prologue
 *  1 ja +3  -> 5      over cleanup
 *  2 r0 = 7           cleanup label
 *  3 r0 = 7
 *  4 exit
 *  5 r1 = 1           body (insertion point)
 *  6 if r1 != 0 goto 2   (-5)
 *  7 ld_imm64 r2 (2 slots)
 *  9 if r1 != 0 goto 11  (+1, forward within body)
 * 10 r0 = 0
 * 11 if r1 != 0 goto 5   (-7: back to the body start)
 * 12 exit */
static const struct insn prog[] = {
	MOV(6, 1), JA(3), MOV(0, 7), MOV(0, 7), EXIT, MOV(1, 1), JNE(-5), LD64(2), JNE(1), MOV(0, 0), JNE(-7), EXIT,
};

/* Every jump of the check block [at, at+len) lands inside it or on its
 * end: a failed check must never reach libbpf's cleanup block, which
 * closes fds named by the (unverified) metadata. */
static int check_self_contained(const struct insn *o, size_t at, size_t len)
{
	size_t i;

	for (i = at; i < at + len; i++) {
		long t = (long)i + 1 + o[i].off;

		if ((o[i].code & 0x07) != 0x05 || o[i].code == 0x95)
			continue;
		if (t < (long)at || t > (long)(at + len))
			return 0;
	}
	return 1;
}

int main(void)
{
	uint8_t hash[32], *out = NULL;
	const struct insn *o;
	size_t out_sz = 0, n = sizeof(prog) / 8, L, i;
	int excl;

	for (i = 0; i < 32; i++)
		hash[i] = (uint8_t)(i * 7 + 1);
	for (excl = 1; excl >= 0; excl--) {
		size_t fail;

		out = NULL;
		CHECK_INT(sg_inloader_rewrite((const uint8_t *)prog, sizeof(prog), hash, excl, &out, &out_sz), 0);
		if (!out)
			return check_exit();
		o = (const struct insn *)out;
		L = out_sz / 8 - n;
		CHECK_INT(L, 4 * 6 + (excl ? 5 : 0) + 3);
		fail = 5 + L - 2;
		/* untouched before the insertion, the ja still lands on its target: the check */
		CHECK(memcmp(o, prog, 5 * 8) == 0);
		CHECK_INT(o[1].off, 3);
		/* the check's first word: r1 = map[0], r2 = *(u64 *)(r1 + 0), r3 = word, jne -> fail */
		CHECK_INT(o[5].code, 0x18);
		CHECK_INT(o[5].regs, 1 | (5 << 4)); /* BPF_PSEUDO_MAP_IDX */
		CHECK_INT(o[7].code, 0x79);
		CHECK_INT(o[8].code, 0x18);
		CHECK_INT((uint32_t)o[8].imm, 0x160f0801u); /* hash bytes 0..3 (1, 8, 15, 22), little-endian */
		CHECK_INT(o[10].code, 0x5d);
		CHECK_INT(10 + 1 + o[10].off, (long)fail);
		/* the fail exit: r0 = TINYSKEL_LOADER_TAMPERED; exit; the success path jumps over it */
		CHECK_INT(o[fail].code, 0xb7);
		CHECK_INT(o[fail].regs & 0xf, 0);
		CHECK_INT(o[fail].imm, TINYSKEL_LOADER_TAMPERED); /* the runtime names it */
		CHECK_INT(o[fail + 1].code, 0x95);
		CHECK_INT(o[fail - 1].code, 0x05);
		CHECK_INT((long)(fail - 1) + 1 + o[fail - 1].off, (long)(5 + L));
		CHECK(check_self_contained(o, 5, L));
		/* no insn of the block touches r7 (libbpf's error register) */
		for (i = 5; i < 5 + L; i++)
			CHECK((o[i].regs & 0xf) != 7 || o[i].code == 0);
		if (excl) {
			/* last word: the exclusive flag (u32 at 32) must be 1 */
			CHECK_INT(o[5 + 24 + 2].code, 0x61);
			CHECK_INT(o[5 + 24 + 2].off, SG_INLOADER_EXCL_OFF);
			CHECK_INT(o[5 + 24 + 3].imm, 1);
			CHECK_INT(5 + 28 + 1 + o[5 + 28].off, (long)fail);
		} else {
			for (i = 5; i < 5 + L; i++)
				CHECK(o[i].code != 0x61); /* no read of offset 32: early 6.18.y has `ops` there */
		}
		/* the body moved by L; its jumps keep their targets */
		CHECK_INT(o[5 + L].code, 0xb7);
		CHECK_INT((long)(6 + L) + 1 + o[6 + L].off, 2);       /* back to cleanup */
		CHECK_INT(o[9 + L].off, 1);                             /* inside the body */
		CHECK_INT((long)(11 + L) + 1 + o[11 + L].off, (long)(5 + L)); /* body start, not the check */
		free(out);
	}

	/* refused: no jump over a cleanup block */
	{
		static const struct insn flat[] = { MOV(0, 0), EXIT };

		out = NULL;
		CHECK_INT(sg_inloader_rewrite((const uint8_t *)flat, sizeof(flat), hash, 1, &out, &out_sz), -ENOEXEC);
		CHECK(out == NULL);
		CHECK_INT(sg_inloader_rewrite((const uint8_t *)flat, 12, hash, 1, &out, &out_sz), -EINVAL);
	}
	return check_exit();
}
