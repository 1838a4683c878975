/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* runtime_rebuild.c - the header's compact forms back into the bytes the
 * kernel checks (runtime/load/rebuild.c): every slice of a value with its
 * zero runs, and instructions inserted into a loader with each kind of jump
 * kept on its target.  skelgen runs the same code before it emits a compact
 * form (tests/cli/compact_rebuild.sh checks it on every project object). */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "tinyskel.h"

struct insn {
	uint8_t code, regs;
	int16_t off;
	int32_t imm;
};

#define MOV(d, v) { 0xb7, (d), 0, (v) }
#define JA(o) { 0x05, 0, (o), 0 }
#define JNE(o) { 0x55, 1, (o), 0 }
#define GOTOL(o) { 0x06, 0, 0, (o) }
#define CALL(o) { 0x85, 0x10, 0, (o) } /* bpf-to-bpf: src_reg 1, imm relative */
#define HELPER(n) { 0x85, 0, 0, (n) }
#define EXIT { 0x95, 0, 0, 0 }

static int host_le(void)
{
	const uint16_t one = 1;

	return *(const uint8_t *)&one;
}

static void test_data(void)
{
	static const uint8_t stored[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	/* value: 2 stored, 6 zeros, 3 stored, 4 zeros, 5 stored, 4 zeros at the end = 24 */
	static const uint32_t runs[] = { 2, 6, 11, 4, 20, 4 };
	uint8_t want[24], got[24];
	struct tinyskel_blob b;
	uint32_t off, len;

	memset(want, 0, sizeof(want));
	memcpy(want, stored, 2);
	memcpy(want + 8, stored + 2, 3);
	memcpy(want + 15, stored + 5, 5);
	memset(&b, 0, sizeof(b));
	b.data = stored;
	b.data_sz = sizeof(want);
	b.nr_zeros = 3;
	b.zeros = runs;
	for (off = 0; off <= sizeof(want); off++)
		for (len = 0; off + len <= sizeof(want); len++) {
			memset(got, 0xee, sizeof(got));
			tinyskel_data_read(&b, off, len, got);
			check_ctx = "data slice";
			CHECK(!memcmp(got, want + off, len));
			CHECK(len == sizeof(got) || got[len] == 0xee); /* nothing past len */
		}
	b.nr_zeros = 0;
	b.data = want;
	tinyskel_data_read(&b, 3, 10, got);
	CHECK(!memcmp(got, want + 3, 10));
}

/*  0 r6 = 1
 *  1 ja +2     -> 4    (forward onto the insertion point)
 *  2 r0 = 7
 *  3 exit
 *  4 r1 = 1            <- insertion point
 *  5 if r1 != 0 goto 4  (-2: backward onto it)
 *  6 gotol -5  -> 2     (backward across it, offset in imm)
 *  7 call +1   -> 9     (bpf-to-bpf, forward within the body)
 *  8 call 14           (helper: not a jump)
 *  9 exit */
static const struct insn prog[] = {
	MOV(6, 1), JA(2), MOV(0, 7), EXIT, MOV(1, 1), JNE(-2), GOTOL(-5), CALL(1), HELPER(14), EXIT,
};
static const struct insn block[2] = { MOV(2, 2), MOV(3, 3) };

static int rebuild_edit(uint8_t flags, uint32_t at, uint8_t replace, struct insn *out, size_t out_n)
{
	struct tinyskel_edit x = { at, 2, replace, flags, (const uint8_t *)block };
	struct tinyskel_blob b;
	struct tinyskel_signature s;

	memset(&b, 0, sizeof(b));
	b.flags = host_le() ? TINYSKEL_BLOB_LITTLE_ENDIAN : 0;
	b.insns = (const uint8_t *)prog;
	b.insns_sz = sizeof(prog);
	memset(&s, 0, sizeof(s));
	s.insns_sz = (uint32_t)(out_n * sizeof(*out));
	s.nr_edits = 1;
	s.edits = &x;
	return tinyskel_insns_rebuild(&b, &s, (uint8_t *)out);
}

static int rebuild(uint8_t flags, uint32_t at, struct insn *out, size_t out_n)
{
	return rebuild_edit(flags, at, 0, out, out_n);
}

static void test_insns(void)
{
	struct insn o[12];

	check_ctx = "forward jumps enter, backward ones skip";
	CHECK_INT(rebuild(TINYSKEL_EDIT_ENTER_FWD, 4, o, 12), 0);
	CHECK(!memcmp(o, prog, 4 * sizeof(*o)) && !memcmp(&o[4], block, sizeof(block)));
	CHECK_INT(o[1].off, 2);   /* ja -> 4: the inserted block */
	CHECK_INT(o[7].off, -2);  /* if (at 7) -> 6: the loader's r1 = 1, after the block */
	CHECK_INT(o[8].imm, -7);  /* gotol (at 8) -> 2 */
	CHECK_INT(o[9].imm, 1);   /* call (at 9) -> 11 */
	CHECK_INT(o[10].imm, 14); /* helper id untouched */

	check_ctx = "backward jumps enter, forward ones skip";
	CHECK_INT(rebuild(TINYSKEL_EDIT_ENTER_BACK, 4, o, 12), 0);
	CHECK_INT(o[1].off, 4);   /* ja -> 6 */
	CHECK_INT(o[7].off, -4);  /* if -> 4 */

	check_ctx = "at the end";
	CHECK_INT(rebuild(0, 10, o, 12), 0);
	CHECK(!memcmp(o, prog, sizeof(prog)) && !memcmp(&o[10], block, sizeof(block)));

	check_ctx = "instruction 4 replaced: jumps onto it from either side land on the new code";
	CHECK_INT(rebuild_edit(0, 4, 1, o, 11), 0);
	CHECK(!memcmp(o, prog, 4 * sizeof(*o)) && !memcmp(&o[4], block, sizeof(block)));
	CHECK(o[6].code == prog[5].code && o[6].regs == prog[5].regs); /* resumes after the replaced one */
	CHECK_INT(o[1].off, 2);   /* ja -> 4 */
	CHECK_INT(o[6].off, -3);  /* if (at 6) -> 4 */
	CHECK_INT(o[7].imm, -6);  /* gotol (at 7) -> 2 */
	CHECK_INT(o[8].imm, 1);   /* call (at 8) -> 10 */

	check_ctx = "a jump into a replaced run";
	CHECK_INT(rebuild_edit(0, 3, 2, o, 10), -EINVAL); /* ja -> 4, now gone */

	check_ctx = "refused";
	CHECK_INT(rebuild(0, 11, o, 12), -EINVAL); /* past the loader */
	CHECK_INT(rebuild(0, 4, o, 11), -EINVAL);  /* size is not loader + inserts */
}

static void test_bad_jump(void)
{
	static const struct insn out_of_range[] = { JA(5), EXIT };
	static const struct insn far[] = { JA(32767), EXIT };
	struct insn o[4];
	struct tinyskel_edit x = { 1, 2, 0, 0, (const uint8_t *)block };
	struct tinyskel_blob b;
	struct tinyskel_signature s;

	memset(&b, 0, sizeof(b));
	b.flags = host_le() ? TINYSKEL_BLOB_LITTLE_ENDIAN : 0;
	b.insns = (const uint8_t *)out_of_range;
	b.insns_sz = sizeof(out_of_range);
	memset(&s, 0, sizeof(s));
	s.insns_sz = sizeof(o);
	s.nr_edits = 1;
	s.edits = &x;
	check_ctx = "jump out of the loader";
	CHECK_INT(tinyskel_insns_rebuild(&b, &s, (uint8_t *)o), -EINVAL);
	/* a 16-bit offset that overflows once the block sits in between
	 * (its target is out of range too: either way refused) */
	b.insns = (const uint8_t *)far;
	check_ctx = "offset overflow";
	CHECK_INT(tinyskel_insns_rebuild(&b, &s, (uint8_t *)o), -EINVAL);
}

/* The in-loader check the runtime writes (one definition with skelgen's,
 * which inserts it): per hash word, the map, its word in the device's
 * order, a compare that exits with TINYSKEL_LOADER_TAMPERED. */
static void test_hash_check(void)
{
	uint8_t hash[32], raw[TINYSKEL_HASH_CHECK_MAX * 8];
	struct insn o[TINYSKEL_HASH_CHECK_MAX];
	struct tinyskel_blob b;
	uint32_t n, w, i;
	int order;

	for (i = 0; i < 32; i++)
		hash[i] = (uint8_t)(0x11 * (i + 1));
	memset(&b, 0, sizeof(b));
	b.data_sha256 = hash;
	b.flags = host_le() ? TINYSKEL_BLOB_LITTLE_ENDIAN : 0;
	check_ctx = "hash check, excl word";
	n = tinyskel_hash_check(&b, 1, (uint8_t *)o);
	CHECK_INT(n, 32);
	CHECK_INT(tinyskel_hash_check(&b, 1, NULL), 32);
	CHECK_INT(tinyskel_hash_check(&b, 0, NULL), 27);
	for (w = 0; w < 4; w++) {
		const struct insn *x = &o[6 * w];
		uint64_t got = (uint64_t)(uint32_t)x[3].imm | (uint64_t)(uint32_t)x[4].imm << 32, want;

		memcpy(&want, hash + 8 * w, 8); /* the word as the device reads the map's hash */
		CHECK(x[0].code == 0x18 && x[0].imm == 0 && x[1].code == 0); /* r1 = map (ld_imm64) */
		CHECK(x[2].code == 0x79 && x[2].off == 8 * (int)w);         /* r2 = *(u64 *)(r1 + 8w) */
		CHECK(x[3].code == 0x18 && got == want);                     /* r3 = expected word */
		CHECK(x[5].code == 0x5d && 6 * (int)w + 5 + 1 + x[5].off == (int)n - 2); /* to the exit */
	}
	CHECK(o[26].code == 0x61 && o[26].off == TINYSKEL_INLOADER_EXCL_OFF && o[27].imm == 1);
	CHECK(o[28].code == 0x5d && 28 + 1 + o[28].off == (int)n - 2);
	CHECK(o[29].code == 0x05 && o[29].off == 2);
	CHECK(o[30].code == 0xb7 && o[30].imm == TINYSKEL_LOADER_TAMPERED && o[31].code == 0x95);

	/* the header's byte order, whatever the host's: the ld_imm64 halves
	 * hold the hash bytes in place, registers swap nibbles */
	for (order = 0; order < 2; order++) {
		b.flags = order ? TINYSKEL_BLOB_BIG_ENDIAN : TINYSKEL_BLOB_LITTLE_ENDIAN;
		check_ctx = order ? "hash check, big-endian header" : "hash check, little-endian header";
		CHECK_INT(tinyskel_hash_check(&b, 0, raw), 27);
		CHECK_INT(raw[1], order ? 0x15 : 0x51); /* dst r1, src BPF_PSEUDO_MAP_IDX */
		CHECK(!memcmp(raw + 3 * 8 + 4, hash + (order ? 4 : 0), 4));
		CHECK(!memcmp(raw + 4 * 8 + 4, hash + (order ? 0 : 4), 4));
		CHECK_INT(raw[5 * 8 + (order ? 3 : 2)], 27 - 2 - 5 - 1); /* jne's offset to the exit */
	}
}

/* An in-loader variant as edits plus the generated check: the check sits
 * before common instruction check_at, entered by jumps from before it,
 * after the edits before it and before those after it. */
static void test_generated(void)
{
	static const struct insn repl[2] = { MOV(4, 4), MOV(5, 5) };
	struct tinyskel_edit x[2] = { { 2, 2, 1, 0, (const uint8_t *)repl }, { 6, 2, 1, 0, (const uint8_t *)repl } };
	uint8_t hash[32] = { 1, 2, 3 };
	struct insn o[10 + 2 + TINYSKEL_HASH_CHECK_MAX], chk[TINYSKEL_HASH_CHECK_MAX];
	struct tinyskel_blob b;
	struct tinyskel_signature s;
	uint32_t n;

	memset(&b, 0, sizeof(b));
	b.flags = host_le() ? TINYSKEL_BLOB_LITTLE_ENDIAN : 0;
	b.insns = (const uint8_t *)prog;
	b.insns_sz = sizeof(prog);
	b.data_sha256 = hash;
	n = tinyskel_hash_check(&b, 0, (uint8_t *)chk);
	memset(&s, 0, sizeof(s));
	s.flags = TINYSKEL_SIG_HASH_CHECK | TINYSKEL_SIG_INLOADER_NO_EXCL;
	s.check_at = 4;
	s.nr_edits = 2;
	s.edits = x;
	s.insns_sz = (uint32_t)(sizeof(prog) + 2 * 8 + n * 8);
	check_ctx = "generated check between two edits";
	CHECK_INT(tinyskel_insns_rebuild(&b, &s, (uint8_t *)o), 0);
	/* 0 mov, 1 ja, 2-3 edit (replaces 2), 4 exit, 5.. check, then 4.. of the loader */
	CHECK(!memcmp(&o[2], repl, sizeof(repl)) && o[4].code == 0x95);
	CHECK(!memcmp(&o[5], chk, n * sizeof(*o)));
	CHECK_INT(o[1].off, 3);                                   /* ja onto 4: the check (at 5) */
	CHECK(o[5 + n].code == prog[4].code);                     /* the loader resumes */
	CHECK_INT(o[5 + n + 1].off, -2);                          /* if -> 4: after the check */
	CHECK(!memcmp(&o[5 + n + 2], repl, sizeof(repl)));        /* second edit replaced the gotol */
	check_ctx = "generated check: sizes and places";
	CHECK_INT(tinyskel_insns_rebuild(&b, &s, NULL), 0);
	s.check_at = 2; /* where an edit starts: the order is ambiguous */
	CHECK_INT(tinyskel_insns_rebuild(&b, &s, NULL), -EINVAL);
	s.check_at = 11; /* past the loader */
	CHECK_INT(tinyskel_insns_rebuild(&b, &s, NULL), -EINVAL);
	s.check_at = 4;
	s.flags = TINYSKEL_SIG_HASH_CHECK; /* the excl word too: 5 more instructions than signed */
	CHECK_INT(tinyskel_insns_rebuild(&b, &s, NULL), -EINVAL);
}

/* A signature's DER from the first one's leading bytes and its own. */
static void test_sig_read(void)
{
	static const uint8_t first[6] = { 0x30, 0x82, 1, 2, 3, 4 }, own[3] = { 9, 8, 7 };
	static const uint8_t want[7] = { 0x30, 0x82, 1, 2, 9, 8, 7 };
	struct tinyskel_signature sigs[2];
	struct tinyskel_blob b;
	uint8_t out[8];

	memset(&b, 0, sizeof(b));
	memset(sigs, 0, sizeof(sigs));
	sigs[0].sig = first;
	sigs[0].sig_sz = sizeof(first);
	sigs[1].sig = own;
	sigs[1].sig_sz = sizeof(want);
	sigs[1].sig_shared = 4;
	b.sigs = sigs;
	b.nr_sigs = 2;
	memset(out, 0xee, sizeof(out));
	tinyskel_sig_read(&b, &sigs[1], out);
	check_ctx = "shared signature bytes";
	CHECK(!memcmp(out, want, sizeof(want)) && out[7] == 0xee);
}

int main(void)
{
	test_data();
	test_insns();
	test_bad_jump();
	test_hash_check();
	test_generated();
	test_sig_read();
	return check_exit();
}
