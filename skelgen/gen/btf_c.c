/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * btf_c.c - global data sections (BTF DATASEC) as C structs that have the
 * BPF object's layout on every target.
 *
 * Types are spelled as bpftool spells them where that spelling means the
 * same bytes on every target: __u64/__u32/uint32_t typedefs kept, char,
 * _Bool, int, long long, struct task_struct *.  BPF is LP64, so `long`
 * becomes tinyskel_bpf_long (long where long is 64-bit, long long elsewhere)
 * and a pointer is __u64 where pointers are not 64-bit.
 * Enums are written as their integer type and nested structs inline,
 * because bpftool's `enum e`/`struct s` only compile when the app defines
 * them first.  Members sit at their BTF offsets through explicit padding,
 * structs whose BTF layout is packed get __attribute__((packed)), static
 * variables are left out (as bpftool does), and every member's offset is
 * pinned by a static assert in the header.
 *
 * The BTF is untrusted input: every walk is bounded (WALK_MAX nested types,
 * WORK_MAX steps in all), so a modifier cycle or a type bomb is refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "cident.h"
#include "emit.h"

#define DECL_MAX 512
#define WALK_MAX 128         /* deeper than any real C type; cycles end here */
#define WORK_MAX (1u << 22)  /* type visits per section: a type bomb ends here */

struct walk {
	const struct btf *btf;
	unsigned npad;       /* __padN / __bitsN counter */
	unsigned work;       /* type visits so far */
};

/* Follow const/volatile/restrict/type tags and typedefs (all of them when
 * keep is NULL; else stop at a typedef keep() accepts).  NULL on a cycle. */
static const struct btf_type *skip_mods(struct walk *w, uint32_t *id,
					int (*keep)(struct walk *, const struct btf_type *))
{
	const struct btf_type *t = btf__type_by_id(w->btf, *id);
	int hops;

	for (hops = 0; t && (btf_is_mod(t) || btf_is_typedef(t)); hops++) {
		if (hops >= WALK_MAX || ++w->work > WORK_MAX)
			return NULL;
		if (keep && btf_is_typedef(t) && keep(w, t))
			return t;
		*id = t->type;
		t = btf__type_by_id(w->btf, *id);
	}
	return t;
}

/* Names from the BTF go into the header as declarators and comments: only
 * C identifiers that are not C keywords (a hostile name could otherwise
 * inject code or break the build), nor bool/true/false (macros once
 * <stdbool.h> is in), nor the __padN/__bitsN names this file makes up. */
static int is_ident(const char *s)
{
	size_t i;

	if (!s || !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
		return 0;
	for (i = 1; s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '_' ||
		      (s[i] >= '0' && s[i] <= '9')))
			return 0;
	if (i > 255 || !strncmp(s, "__pad", 5) || !strncmp(s, "__bits", 6))
		return 0;
	return !sg_is_c_keyword(s);
}

/* Valid C names a C++ compiler reserves (a BPF global may be called `new`
 * or `class`): the header spells them NAME_ under __cplusplus. */
static int is_cxx_word(const char *s)
{
	return sg_is_cxx_keyword(s);
}

static void indent(FILE *f, int depth)
{
	while (depth-- > 0)
		fputc('\t', f);
}

/* The C spelling of a BTF integer on every target (NULL: not a C integer). */
static const char *int_type(struct walk *w, const struct btf_type *t)
{
	const char *name = btf__name_by_offset(w->btf, t->name_off);
	int sign = btf_int_encoding(t) & BTF_INT_SIGNED;

	if (!name)
		name = "";
	if ((btf_int_encoding(t) & BTF_INT_BOOL) && t->size == 1)
		return "tinyskel_bpf_bool";
	switch (t->size) {
	case 1:
		if (!strcmp(name, "char") || !strcmp(name, "signed char") || !strcmp(name, "unsigned char"))
			return name;
		return sign ? "__s8" : "__u8";
	case 2: return sign ? "short" : "unsigned short";
	case 4: return sign ? "int" : "unsigned int";
	case 8:
		if (strstr(name, "long long"))
			return sign ? "long long" : "unsigned long long";
		if (strstr(name, "long"))
			return sign ? "tinyskel_bpf_long" : "tinyskel_bpf_ulong";
		return sign ? "__s64" : "__u64";
	default: return NULL;
	}
}

/* Typedefs kept by name: the fixed-width ones every target defines with
 * the same width (<linux/types.h> or tinyskel_lskel.h, <stdint.h>), and
 * only when the BTF agrees with the name.  Others (u32, size_t, pid_t) are
 * written as what they resolve to: size_t is 64-bit in BPF. */
static int known_typedef(struct walk *w, const struct btf_type *t)
{
	static const char *const names[] = {
		"__u8", "__u16", "__u32", "__u64", "__s8", "__s16", "__s32", "__s64",
		"uint8_t", "uint16_t", "uint32_t", "uint64_t", "int8_t", "int16_t", "int32_t", "int64_t",
	};
	const char *name = btf__name_by_offset(w->btf, t->name_off);
	const struct btf_type *base;
	uint32_t id = t->type;
	size_t i;

	if (!name)
		return 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i]))
			break;
	if (i == sizeof(names) / sizeof(names[0]))
		return 0;
	base = skip_mods(w, &id, NULL);
	return base && btf_is_int(base) && base->size == 1u << (i % 4) &&
	       !(btf_int_encoding(base) & BTF_INT_SIGNED) == (i % 8 < 4);
}

/* An enum's integer type as the compiler picks it: signed when BTF says so
 * (kflag, newer compilers) or when a value is negative, so an app's
 * `enum e *` points at the same integer type. */
static const char *enum_type(const struct btf_type *t)
{
	uint32_t i;
	int sign = btf_kflag(t);

	for (i = 0; !sign && i < btf_vlen(t); i++)
		sign = btf_is_enum(t) ? btf_enum(t)[i].val < 0 : (int32_t)btf_enum64(t)[i].val_hi32 < 0;
	switch (t->size) {
	case 1: return sign ? "__s8" : "__u8";
	case 2: return sign ? "short" : "unsigned short";
	case 4: return sign ? "int" : "unsigned int";
	case 8: return sign ? "long long" : "unsigned long long";
	default: return NULL;
	}
}

static void pad(FILE *f, int depth, uint32_t from, uint32_t to, unsigned *npad)
{
	if (to <= from)
		return;
	indent(f, depth);
	fprintf(f, "uint8_t __pad%u[%u];\n", (*npad)++, to - from);
}

static int is_bits(const struct btf_type *t, uint32_t i)
{
	return btf_member_bitfield_size(t, i) || btf_member_bit_offset(t, i) % 8;
}

static uint32_t align_of(struct walk *w, uint32_t id, int level);

/* A struct/union needs packed when a member of its BTF layout sits off its
 * natural alignment, or the size is not a multiple of it (packed structs,
 * or aligned members inside packed ones).  *align gets the alignment the
 * emitted type has. */
static int needs_packed(struct walk *w, const struct btf_type *t, int level, uint32_t *align)
{
	uint32_t i, a, max = 1;
	int packed = 0;

	for (i = 0; i < btf_vlen(t); i++) {
		if (is_bits(t, i))
			continue; /* emitted as bytes */
		a = align_of(w, btf_members(t)[i].type, level + 1);
		if (!a)
			return -1;
		if ((btf_member_bit_offset(t, i) / 8) % a)
			packed = 1;
		if (a > max)
			max = a;
	}
	if (t->size % max)
		packed = 1;
	*align = packed ? 1 : max;
	return packed;
}

/* Alignment of the type as emitted (0: cannot be emitted). */
static uint32_t align_of(struct walk *w, uint32_t id, int level)
{
	const struct btf_type *t;
	uint32_t a;

	if (level > WALK_MAX || ++w->work > WORK_MAX || !(t = skip_mods(w, &id, NULL)))
		return 0;
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FLOAT:
		return t->size == 1 || t->size == 2 || t->size == 4 || t->size == 8 || t->size == 16 ? t->size : 1;
	case BTF_KIND_PTR:
		return 8;
	case BTF_KIND_ARRAY:
		return align_of(w, btf_array(t)->type, level + 1);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return needs_packed(w, t, level, &a) < 0 ? 0 : a;
	default:
		return 0;
	}
}

static int emit_decl(FILE *f, struct walk *w, uint32_t id, const char *declarator, int depth, int level);

/* What a BPF pointer points at, spelled as bpftool does ("struct task_struct",
 * "__u32", "char"), or "void" where no name is safe (anonymous or unknown
 * types, functions).  Structs need no definition: a pointer to an
 * incomplete struct is valid C and C++.  NULL: too deep. */
static const char *pointee(struct walk *w, uint32_t id, char *buf, size_t len, int level)
{
	const struct btf_type *t;
	const char *name, *ty;

	if (level > WALK_MAX)
		return NULL;
	if (id == 0)
		return "void";
	if (!(t = skip_mods(w, &id, known_typedef)))
		return NULL;
	name = btf__name_by_offset(w->btf, t->name_off);
	switch (btf_kind(t)) {
	case BTF_KIND_TYPEDEF:
		return name;
	case BTF_KIND_INT:
		return t->size == 16 || !(ty = int_type(w, t)) ? "void" : ty;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		return (ty = enum_type(t)) ? ty : "void";
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_FWD: /* declared, never defined in the object: kflag = union */
		if (!is_ident(name) || is_cxx_word(name))
			return "void";
		snprintf(buf, len, "%s %s", btf_is_union(t) || (btf_is_fwd(t) && btf_kflag(t)) ? "union" : "struct",
			 name);
		return buf;
	case BTF_KIND_PTR: {
		char inner[DECL_MAX];
		const char *in = pointee(w, t->type, inner, sizeof(inner), level + 1);

		if (!in || (size_t)snprintf(buf, len, "%s%s*", in, in[strlen(in) - 1] == '*' ? "" : " ") >= len)
			return NULL;
		return buf;
	}
	default:
		return "void";
	}
}

/* A named declaration; C++ keywords get a trailing _ in C++ only. */
static int emit_named(FILE *f, struct walk *w, uint32_t id, const char *name, int depth, int level)
{
	char alt[DECL_MAX];

	if (!is_cxx_word(name))
		return emit_decl(f, w, id, name, depth, level);
	snprintf(alt, sizeof(alt), "%s_", name);
	fprintf(f, "#ifdef __cplusplus\n");
	if (emit_decl(f, w, id, alt, depth, level))
		return -1;
	fprintf(f, "#else\n");
	if (emit_decl(f, w, id, name, depth, level))
		return -1;
	fprintf(f, "#endif\n");
	return 0;
}

/* Members of a struct or union, each at its BTF offset. */
static int emit_members(FILE *f, struct walk *w, const struct btf_type *t, int depth, int level)
{
	const struct btf_member *m = btf_members(t);
	uint32_t i, n = btf_vlen(t), at = 0;
	int is_union = btf_is_union(t);

	for (i = 0; i < n; i++, m++) {
		uint32_t bit_off = btf_member_bit_offset(t, i);
		uint32_t bits = btf_member_bitfield_size(t, i);
		const char *name = btf__name_by_offset(w->btf, m->name_off);
		__s64 sz;

		if (!name || (name[0] && !is_ident(name)))
			return -1;
		if (bits || bit_off % 8) {
			/* Bitfield layout is the compiler's business; expose the
			 * bytes that hold the run of bitfields instead. */
			uint32_t start = bit_off / 8, end = (bit_off + bits + 7) / 8;

			while (i + 1 < n && btf_member_bitfield_size(t, i + 1) &&
			       btf_member_bit_offset(t, i + 1) / 8 < end + 8) {
				i++;
				m++;
				end = (btf_member_bit_offset(t, i) + btf_member_bitfield_size(t, i) + 7) / 8;
			}
			if (!is_union)
				pad(f, depth, at, start, &w->npad);
			indent(f, depth);
			fprintf(f, "uint8_t __bits%u[%u]; /* bitfields from '%s' */\n", w->npad++, end - start,
				is_ident(name) ? name : "?");
			at = end;
			continue;
		}
		if (!is_union) {
			if (bit_off / 8 < at)
				return -1; /* members out of order or overlapping */
			pad(f, depth, at, bit_off / 8, &w->npad);
		}
		/* Nameless members stay anonymous (C11), so skel->bss->s.x works
		 * as with bpftool's header. */
		if (emit_named(f, w, m->type, name, depth, level + 1))
			return -1;
		sz = btf__resolve_size(w->btf, m->type);
		if (sz < 0)
			return -1;
		if (!is_union)
			at = bit_off / 8 + (uint32_t)sz;
	}
	if (!is_union)
		pad(f, depth, at, t->size, &w->npad);
	return 0;
}

static int emit_decl(FILE *f, struct walk *w, uint32_t id, const char *declarator, int depth, int level)
{
	const struct btf_type *t;
	const char *ty;
	char decl[DECL_MAX];
	uint32_t align;
	int packed;

	if (level > WALK_MAX || !(t = skip_mods(w, &id, known_typedef)))
		return -1;
	if (!declarator[0] && !btf_is_struct(t) && !btf_is_union(t))
		return -1; /* only a struct or union member may be nameless (C11) */
	if (btf_is_typedef(t)) {
		indent(f, depth);
		fprintf(f, "%s %s;\n", btf__name_by_offset(w->btf, t->name_off), declarator);
		return 0;
	}
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		if (t->size == 16) {
			indent(f, depth);
			fprintf(f, "uint8_t %s[16] __attribute__((aligned(16)));\n", declarator);
			return 0;
		}
		ty = int_type(w, t);
		if (!ty)
			return -1;
		indent(f, depth);
		fprintf(f, "%s %s;\n", ty, declarator);
		return 0;
	case BTF_KIND_PTR:
		/* bpftool's spelling where pointers are 64-bit like BPF's, a
		 * fixed 64-bit integer elsewhere (32-bit targets). */
		ty = pointee(w, t->type, decl, sizeof(decl), level + 1);
		if (!ty)
			return -1;
		fprintf(f, "#if defined(__SIZEOF_POINTER__) && __SIZEOF_POINTER__ == 8\n");
		indent(f, depth);
		fprintf(f, "%s%s*%s;\n#else\n", ty, ty[strlen(ty) - 1] == '*' ? "" : " ", declarator);
		indent(f, depth);
		fprintf(f, "__u64 %s; /* BPF pointer: 64-bit */\n#endif\n", declarator);
		return 0;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		ty = enum_type(t);
		if (!ty)
			return -1;
		indent(f, depth);
		fprintf(f, "%s %s; /* enum %s */\n", ty, declarator,
			is_ident(btf__name_by_offset(w->btf, t->name_off)) ? btf__name_by_offset(w->btf, t->name_off)
									    : "(anonymous)");
		return 0;
	case BTF_KIND_FLOAT:
		indent(f, depth);
		if (t->size == 4 || t->size == 8)
			fprintf(f, "%s %s;\n", t->size == 4 ? "float" : "double", declarator);
		else
			fprintf(f, "uint8_t %s[%u];\n", declarator, t->size);
		return 0;
	case BTF_KIND_ARRAY: {
		const struct btf_array *a = btf_array(t);

		if ((size_t)snprintf(decl, sizeof(decl), "%s[%u]", declarator, a->nelems) >= sizeof(decl))
			return -1;
		return emit_decl(f, w, a->type, decl, depth, level + 1);
	}
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		packed = needs_packed(w, t, level, &align);
		if (packed < 0)
			return -1;
		indent(f, depth);
		fprintf(f, "%s %s{\n", btf_is_union(t) ? "union" : "struct", packed ? "__attribute__((packed)) " : "");
		if (emit_members(f, w, t, depth + 1, level))
			return -1;
		indent(f, depth);
		fprintf(f, "}%s%s;\n", declarator[0] ? " " : "", declarator);
		return 0;
	default:
		return -1;
	}
}

/* One offset assert; paths through a C++ keyword hold in C only (C++
 * spells that member NAME_). */
static void assert_off(FILE *f, const char *sname, const char *path, uint32_t off, int c_only)
{
	fprintf(f, "%sTSK_ASSERT(offsetof(struct %s, %s) == %u);\n%s", c_only ? "#ifndef __cplusplus\n" : "",
		sname, path, off, c_only ? "#endif\n" : "");
}

/* Offsets of every named member reachable without indexing arrays. */
static int emit_asserts(FILE *f, struct walk *w, const char *sname, uint32_t id, const char *path,
			uint32_t base, int level, int c_only)
{
	const struct btf_type *t;
	const struct btf_member *m;
	uint32_t i;

	if (level > WALK_MAX || !(t = skip_mods(w, &id, NULL)))
		return -1;
	if (!(btf_is_struct(t) || btf_is_union(t)))
		return 0;
	m = btf_members(t);
	for (i = 0; i < btf_vlen(t); i++, m++) {
		const char *name = btf__name_by_offset(w->btf, m->name_off);
		uint32_t off = btf_member_bit_offset(t, i);
		char sub[DECL_MAX];

		if (is_bits(t, i))
			continue;
		if (!name || !name[0]) {
			/* Anonymous struct/union: its members are the parent's. */
			if (emit_asserts(f, w, sname, m->type, path, base + off / 8, level + 1, c_only))
				return -1;
			continue;
		}
		if ((size_t)snprintf(sub, sizeof(sub), "%s.%s", path, name) >= sizeof(sub))
			return -1;
		assert_off(f, sname, sub, base + off / 8, c_only || is_cxx_word(name));
		if (emit_asserts(f, w, sname, m->type, sub, base + off / 8, level + 1, c_only || is_cxx_word(name)))
			return -1;
	}
	return 0;
}

int sg_emit_datasec(FILE *f, const struct btf *btf, int32_t sec_id, const char *sname, FILE *asserts)
{
	const struct btf_type *sec = btf__type_by_id(btf, (uint32_t)sec_id);
	const struct btf_var_secinfo *v;
	struct walk w = { btf, 0, 0 };
	uint32_t i, a, at = 0, nr = 0;
	int packed = 0;

	if (!sec || !btf_is_datasec(sec))
		return -1;
	/* Variables at BPF offsets the target would not choose (a section of
	 * packed data): keep them there. */
	v = btf_var_secinfos(sec);
	for (i = 0; i < btf_vlen(sec); i++, v++) {
		const struct btf_type *var = btf__type_by_id(btf, v->type);

		if (!var || !btf_is_var(var))
			continue;
		a = align_of(&w, var->type, 0);
		if (!a)
			return -1;
		if (v->offset % a)
			packed = 1;
	}
	fprintf(f, "struct %s%s {\n", packed ? "__attribute__((packed)) " : "", sname);
	v = btf_var_secinfos(sec);
	for (i = 0; i < btf_vlen(sec); i++, v++) {
		const struct btf_type *var = btf__type_by_id(btf, v->type);
		const char *name;

		if (!var || !btf_is_var(var))
			continue;
		/* Static variables are not part of the skeleton (bpftool). */
		if (btf_var(var)->linkage == BTF_VAR_STATIC)
			continue;
		name = btf__name_by_offset(btf, var->name_off);
		if (!is_ident(name) || v->offset < at)
			return -1; /* not a C name, or out of order / overlapping */
		pad(f, 1, at, v->offset, &w.npad);
		if (emit_named(f, &w, var->type, name, 1, 0))
			return -1;
		at = v->offset + v->size;
		nr++;
		assert_off(asserts, sname, name, v->offset, is_cxx_word(name));
		if (emit_asserts(asserts, &w, sname, var->type, name, v->offset, 0, is_cxx_word(name)))
			return -1;
	}
	/* Up to the section's size: also keeps a section of statics only from
	 * being an empty struct (not ISO C). */
	pad(f, 1, at, sec->size > at ? sec->size : nr ? at : 1, &w.npad);
	fprintf(f, "};\n\n");
	return 0;
}

void sg_emit_opaque(FILE *f, const char *sname, uint32_t size)
{
	/* bpftool writes `struct sname {}` (GNU C only); bytes compile everywhere. */
	fprintf(f, "struct %s {\n\tuint8_t __pad0[%u];\n};\n\n", sname, size ? size : 1);
}
