// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* skelgen_btf_c.c - skelgen/gen/btf_c.c on BTF built in memory (libbpf's
 * btf__add_*): statics left out, spellings, packed layouts, C++ keyword
 * names, and hostile BTF (modifier cycle, self-containing struct, a name
 * that is not C) refused with no hang.  Runs under ASan/UBSan. */
#define _GNU_SOURCE
#include <bpf/btf.h>

#include "gen/emit.h"
#include "sg_test.h"

static char *out, *asserts;

/* sg_emit_datasec of `sec` into out/asserts; returns its result. */
static int emit(const struct btf *btf, int sec)
{
	size_t n1 = 0, n2 = 0;
	FILE *f, *a;
	int r;

	free(out);
	free(asserts);
	out = asserts = NULL;
	f = open_memstream(&out, &n1);
	a = open_memstream(&asserts, &n2);
	r = sg_emit_datasec(f, btf, sec, "t__bss", a);
	fclose(f);
	fclose(a);
	return r;
}

#define HAS(s, part) CHECK(strstr((s), (part)) != NULL, "expected \"%s\" in:\n%s", (part), (s))
#define LACKS(s, part) CHECK(strstr((s), (part)) == NULL, "did not expect \"%s\" in:\n%s", (part), (s))

static void spelling_and_statics(void)
{
	struct btf *btf = btf__new_empty();
	int i32 = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	int u32 = btf__add_int(btf, "unsigned int", 4, 0);
	int tu32 = btf__add_typedef(btf, "__u32", u32);
	int myu32 = btf__add_typedef(btf, "u32", tu32);
	int lng = btf__add_int(btf, "long int", 8, BTF_INT_SIGNED);
	int chr = btf__add_int(btf, "char", 1, BTF_INT_SIGNED | BTF_INT_CHAR);
	int bol = btf__add_int(btf, "_Bool", 1, BTF_INT_BOOL);
	int arr = btf__add_array(btf, u32, chr, 4);
	int en = btf__add_enum(btf, "neg", 4);
	int fwd, pt, va, vs, vl, vu, vc, vb, ve, vn, vp, sec;

	btf__add_enum_value(btf, "MINUS", -1);
	fwd = btf__add_fwd(btf, "task_struct", BTF_FWD_STRUCT);
	pt = btf__add_ptr(btf, fwd);
	va = btf__add_var(btf, "a", BTF_VAR_GLOBAL_ALLOCATED, i32);
	vs = btf__add_var(btf, "hidden", BTF_VAR_STATIC, i32);
	vl = btf__add_var(btf, "l", BTF_VAR_GLOBAL_ALLOCATED, lng);
	vu = btf__add_var(btf, "u", BTF_VAR_GLOBAL_ALLOCATED, myu32);
	vc = btf__add_var(btf, "c", BTF_VAR_GLOBAL_ALLOCATED, arr);
	vb = btf__add_var(btf, "b", BTF_VAR_GLOBAL_ALLOCATED, bol);
	ve = btf__add_var(btf, "e", BTF_VAR_GLOBAL_ALLOCATED, en);
	vn = btf__add_var(btf, "new", BTF_VAR_GLOBAL_ALLOCATED, i32);
	vp = btf__add_var(btf, "task", BTF_VAR_GLOBAL_ALLOCATED, pt);
	sec = btf__add_datasec(btf, ".bss", 48);
	btf__add_datasec_var_info(btf, va, 0, 4);
	btf__add_datasec_var_info(btf, vs, 4, 4);
	btf__add_datasec_var_info(btf, vl, 8, 8);
	btf__add_datasec_var_info(btf, vu, 16, 4);
	btf__add_datasec_var_info(btf, vc, 20, 4);
	btf__add_datasec_var_info(btf, vb, 24, 1);
	btf__add_datasec_var_info(btf, ve, 28, 4);
	btf__add_datasec_var_info(btf, vn, 32, 4);
	btf__add_datasec_var_info(btf, vp, 40, 8);
	CHECK(emit(btf, sec) == 0, "emit failed");
	HAS(out, "\tint a;\n\tuint8_t __pad0[4];\n\ttinyskel_bpf_long l;\n"); /* static skipped, its bytes padded */
	LACKS(out, "hidden");
	LACKS(asserts, "hidden");
	HAS(out, "\t__u32 u;\n");          /* u32 -> the __u32 it names */
	HAS(out, "\tchar c[4];\n");
	HAS(out, "\ttinyskel_bpf_bool b;\n");
	HAS(out, "\tint e; /* enum neg */\n"); /* a negative value: signed */
	HAS(out, "#ifdef __cplusplus\n\tint new_;\n#else\n\tint new;\n#endif\n");
	/* a pointer: bpftool's spelling on 64-bit targets, 64 bits on 32-bit ones */
	HAS(out, "#if defined(__SIZEOF_POINTER__) && __SIZEOF_POINTER__ == 8\n\tstruct task_struct *task;\n#else\n"
		 "\t__u64 task; /* BPF pointer: 64-bit */\n#endif\n");
	HAS(asserts, "TSK_ASSERT(offsetof(struct t__bss, l) == 8);");
	HAS(asserts, "#ifndef __cplusplus\nTSK_ASSERT(offsetof(struct t__bss, new) == 32);\n#endif\n");
	btf__free(btf);
}

static void packed(void)
{
	struct btf *btf = btf__new_empty();
	int chr = btf__add_int(btf, "char", 1, BTF_INT_SIGNED | BTF_INT_CHAR);
	int u32 = btf__add_int(btf, "unsigned int", 4, 0);
	int pk = btf__add_struct(btf, "pk", 5);
	int ok, v1, v2, sec;

	btf__add_field(btf, "c", chr, 0, 0);
	btf__add_field(btf, "u", u32, 8, 0); /* at byte 1: only a packed struct puts it there */
	ok = btf__add_struct(btf, "ok", 8);
	btf__add_field(btf, "c", chr, 0, 0);
	btf__add_field(btf, "u", u32, 32, 0);
	v1 = btf__add_var(btf, "p", BTF_VAR_GLOBAL_ALLOCATED, pk);
	v2 = btf__add_var(btf, "q", BTF_VAR_GLOBAL_ALLOCATED, ok);
	sec = btf__add_datasec(btf, ".data", 16);
	btf__add_datasec_var_info(btf, v1, 0, 5);
	btf__add_datasec_var_info(btf, v2, 8, 8);
	CHECK(emit(btf, sec) == 0, "emit failed");
	HAS(out, "\tstruct __attribute__((packed)) {\n\t\tchar c;\n\t\tunsigned int u;\n\t} p;\n");
	HAS(out, "\tstruct {\n\t\tchar c;\n\t\tuint8_t __pad1[3];\n\t\tunsigned int u;\n\t} q;\n");
	HAS(asserts, "TSK_ASSERT(offsetof(struct t__bss, p.u) == 1);");
	btf__free(btf);
}

static void hostile(void)
{
	struct btf *btf = btf__new_empty();
	int i32 = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	int cst = btf__add_const(btf, i32 + 2); /* -> the volatile below */
	int vol = btf__add_volatile(btf, cst);   /* -> back to the const: a cycle */
	int self = btf__add_struct(btf, "self", 4);
	int v1, v2, v3, s1, s2, s3;

	btf__add_field(btf, "me", self, 0, 0);
	CHECK(vol == i32 + 2, "ids: %d %d", vol, i32);
	v1 = btf__add_var(btf, "cyc", BTF_VAR_GLOBAL_ALLOCATED, cst);
	v2 = btf__add_var(btf, "rec", BTF_VAR_GLOBAL_ALLOCATED, self);
	v3 = btf__add_var(btf, "x;}int y", BTF_VAR_GLOBAL_ALLOCATED, i32);
	s1 = btf__add_datasec(btf, ".a", 4);
	btf__add_datasec_var_info(btf, v1, 0, 4);
	s2 = btf__add_datasec(btf, ".b", 4);
	btf__add_datasec_var_info(btf, v2, 0, 4);
	s3 = btf__add_datasec(btf, ".c", 4);
	btf__add_datasec_var_info(btf, v3, 0, 4);
	CHECK(emit(btf, s1) == -1, "modifier cycle accepted");
	CHECK(emit(btf, s2) == -1, "self-containing struct accepted");
	CHECK(emit(btf, s3) == -1, "a name that is not C accepted:\n%s", out);
	LACKS(out, "int y");
	btf__free(btf);
}

int main(void)
{
	spelling_and_statics();
	packed();
	hostile();
	free(out);
	free(asserts);
	return sg_test_done("skelgen_btf_c");
}
