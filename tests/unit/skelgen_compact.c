/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* skelgen_compact.c - skelgen finds the edits that turn the common loader
 * into a variant (insertions, replacements, several at once, as the
 * in-loader check and the loader contract's patches make) and gives up,
 * with one error line, on a variant the runtime could not rebuild; the
 * metadata's zero runs come back exactly. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "gen/compact.h"

struct insn {
	uint8_t code, regs;
	int16_t off;
	int32_t imm;
};

#define MOV(d, v) { 0xb7, (d), 0, (v) }
#define JA(o) { 0x05, 0, (o), 0 }
#define JNE(o) { 0x55, 1, (o), 0 }
#define EXIT { 0x95, 0, 0, 0 }

/* prologue, ja over cleanup, cleanup, body with branches back */
static struct insn prog[] = {
	MOV(6, 1), JA(3), MOV(0, 7), MOV(0, 8), EXIT, MOV(1, 1), JNE(-5), MOV(2, 2), JNE(-3), MOV(0, 0), EXIT,
};
static const struct insn check_block[3] = { MOV(3, 3), JNE(1), MOV(4, 4) };
static const struct insn seal[1] = { MOV(5, 5) };

static int derive(const struct tinyskel_edit *e, uint32_t n, size_t *nr_out)
{
	struct tinyskel_blob b;
	struct tinyskel_signature s;
	struct sg_object o;
	struct tinyskel_edit *got = NULL;
	uint8_t v[512];
	char err[256] = "";
	uint32_t k, total = sizeof(prog) / 8;
	int rc;

	for (k = 0; k < n; k++)
		total += e[k].cnt - e[k].replace;
	memset(&b, 0, sizeof(b));
	b.flags = TINYSKEL_BLOB_LITTLE_ENDIAN;
	b.insns = (const uint8_t *)prog;
	b.insns_sz = sizeof(prog);
	memset(&s, 0, sizeof(s));
	s.insns_sz = total * 8;
	s.nr_edits = n;
	s.edits = e;
	if (tinyskel_insns_rebuild(&b, &s, v))
		return -2;
	memset(&o, 0, sizeof(o));
	strcpy(o.path, "test.bpf.o");
	o.insns = (uint8_t *)prog;
	o.insns_sz = sizeof(prog);
	rc = sg_edits(&o, v, s.insns_sz, &got, nr_out, err, sizeof(err));
	free(got);
	return rc;
}

int main(void)
{
	const struct tinyskel_edit in_check[] = { { 5, 3, 0, TINYSKEL_EDIT_ENTER_FWD, (const uint8_t *)check_block } };
	const struct tinyskel_edit sealed[] = { { 7, 1, 1, 0, (const uint8_t *)seal } };
	const struct tinyskel_edit both[] = { { 5, 3, 0, TINYSKEL_EDIT_ENTER_FWD, (const uint8_t *)check_block },
					      { 7, 1, 1, 0, (const uint8_t *)seal },
					      { 11, 1, 0, 0, (const uint8_t *)seal } };
	static const uint8_t data[200] = { [0] = 1, [100] = 2, [101] = 3, [199] = 4 };
	struct sg_object o;
	struct sg_map view;
	uint32_t *runs = NULL;
	uint8_t *stored = NULL;
	size_t nr = 0, stored_sz = 0;
	char err[256];

	check_ctx = "in-loader check inserted";
	CHECK_INT(derive(in_check, 1, &nr), 0);
	CHECK_INT(nr, 1);
	check_ctx = "one instruction replaced (sealing)";
	CHECK_INT(derive(sealed, 1, &nr), 0);
	CHECK_INT(nr, 1);
	check_ctx = "insert + replace + append";
	CHECK_INT(derive(both, 3, &nr), 0);
	CHECK_INT(nr, 3);

	/* a variant whose jump does not land where the loader's did */
	{
		struct sg_object ob;
		struct tinyskel_edit *got = NULL;
		struct insn v[sizeof(prog) / 8];

		memcpy(v, prog, sizeof(prog));
		v[6].off = -4; /* the branch back now lands on the cleanup's second instruction */
		memset(&ob, 0, sizeof(ob));
		strcpy(ob.path, "test.bpf.o");
		ob.insns = (uint8_t *)prog;
		ob.insns_sz = sizeof(prog);
		check_ctx = "not an edit of the loader";
		CHECK_INT(sg_edits(&ob, (const uint8_t *)v, sizeof(v), &got, &nr, err, sizeof(err)), -1);
		CHECK(strstr(err, "test.bpf.o: ") == err);
	}

	check_ctx = "zero runs";
	memset(&o, 0, sizeof(o));
	o.data = (uint8_t *)data;
	o.data_sz = sizeof(data);
	CHECK_INT(sg_zero_runs(&o, &runs, &nr, &stored, &stored_sz, err, sizeof(err)), 0);
	/* 99 zeros at 1, then 97 at 102: runs start and end 8-aligned
	 * (stored bytes keep their alignment), both >= SG_ZERO_RUN_MIN */
	CHECK_INT(nr, 2);
	CHECK_INT(stored_sz, 200 - 88 - 88);
	if (nr == 2) {
		CHECK_INT(runs[0], 8);
		CHECK_INT(runs[1], 88);
		CHECK_INT(runs[2], 104);
		CHECK_INT(runs[3], 88);
	}
	free(runs);
	free(stored);

	/* a read-only view (skel->rodata_str1_1 points into the stored
	 * bytes): no zero run inside [8, 24) */
	check_ctx = "zero runs around a read-only view";
	memset(&view, 0, sizeof(view));
	strcpy(view.ident, "rodata_str1_1");
	view.blob_view = 1;
	view.init_blob_off = 8;
	view.value_size = 16;
	o.maps = &view;
	o.nr_maps = 1;
	CHECK_INT(sg_zero_runs(&o, &runs, &nr, &stored, &stored_sz, err, sizeof(err)), 0);
	CHECK_INT(nr, 2);
	if (nr == 2) {
		CHECK_INT(runs[0], 24);
		CHECK_INT(runs[1], 72);
	}
	free(runs);
	free(stored);
	return check_exit();
}
