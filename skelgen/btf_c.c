/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * btf_c.c - global data sections (BTF DATASEC) as C structs that have the
 * BPF object's layout on every target.
 *
 * BPF is LP64: `long` and pointers are 64-bit there but 32-bit on armv7.
 * So integers are written as fixed-width types, pointers as uint64_t,
 * nested structs inline with explicit padding to the BTF offsets, and
 * every member's offset is pinned by a static assert in the header.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "emit.h"

#define DECL_MAX 512

static const struct btf_type *skip_mods(const struct btf *btf, uint32_t *id)
{
	const struct btf_type *t = btf__type_by_id(btf, *id);

	while (t && (btf_is_mod(t) || btf_is_typedef(t))) {
		*id = t->type;
		t = btf__type_by_id(btf, *id);
	}
	return t;
}

static void indent(FILE *f, int depth)
{
	while (depth-- > 0)
		fputc('\t', f);
}

static const char *int_type(const struct btf_type *t)
{
	int sign = btf_int_encoding(t) & BTF_INT_SIGNED;

	if (btf_int_encoding(t) & BTF_INT_CHAR)
		return "char";
	switch (t->size) {
	case 1: return sign ? "int8_t" : "uint8_t";
	case 2: return sign ? "int16_t" : "uint16_t";
	case 4: return sign ? "int32_t" : "uint32_t";
	case 8: return sign ? "int64_t" : "uint64_t";
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

static int emit_decl(FILE *f, const struct btf *btf, uint32_t id, const char *declarator, int depth,
		     unsigned *npad);

/* Members of a struct or union, each at its BTF offset. */
static int emit_members(FILE *f, const struct btf *btf, const struct btf_type *t, int depth,
			unsigned *npad)
{
	const struct btf_member *m = btf_members(t);
	uint32_t i, n = btf_vlen(t), at = 0;
	int is_union = btf_is_union(t);

	for (i = 0; i < n; i++, m++) {
		uint32_t bit_off = btf_member_bit_offset(t, i);
		uint32_t bits = btf_member_bitfield_size(t, i);
		const char *name = btf__name_by_offset(btf, m->name_off);
		char decl[DECL_MAX];

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
				pad(f, depth, at, start, npad);
			indent(f, depth);
			fprintf(f, "uint8_t __bits%u[%u]; /* bitfields from '%s' */\n", (*npad)++, end - start,
				name[0] ? name : "?");
			at = end;
			continue;
		}
		if (!is_union)
			pad(f, depth, at, bit_off / 8, npad);
		if (!name[0])
			snprintf(decl, sizeof(decl), "__anon%u", (*npad)++);
		else
			snprintf(decl, sizeof(decl), "%s", name);
		if (emit_decl(f, btf, m->type, decl, depth, npad))
			return -1;
		if (!is_union) {
			__s64 sz = btf__resolve_size(btf, m->type);

			at = bit_off / 8 + (sz > 0 ? (uint32_t)sz : 0);
		}
	}
	if (!is_union)
		pad(f, depth, at, t->size, npad);
	return 0;
}

static int emit_decl(FILE *f, const struct btf *btf, uint32_t id, const char *declarator, int depth,
		     unsigned *npad)
{
	const struct btf_type *t = skip_mods(btf, &id);
	const char *ty;
	char decl[DECL_MAX];

	if (!t)
		return -1;
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		if (t->size == 16) {
			indent(f, depth);
			fprintf(f, "uint8_t %s[16] __attribute__((aligned(16)));\n", declarator);
			return 0;
		}
		ty = int_type(t);
		if (!ty)
			return -1;
		indent(f, depth);
		fprintf(f, "%s %s;\n", ty, declarator);
		return 0;
	case BTF_KIND_PTR:
		indent(f, depth);
		fprintf(f, "uint64_t %s; /* BPF pointer: 64-bit on every target */\n", declarator);
		return 0;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		indent(f, depth);
		fprintf(f, "%sint%u_t %s;\n", btf_kflag(t) ? "" : "u", t->size * 8, declarator);
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

		snprintf(decl, sizeof(decl), "%s[%u]", declarator, a->nelems);
		return emit_decl(f, btf, a->type, decl, depth, npad);
	}
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		indent(f, depth);
		fprintf(f, "%s {\n", btf_is_union(t) ? "union" : "struct");
		if (emit_members(f, btf, t, depth + 1, npad))
			return -1;
		indent(f, depth);
		fprintf(f, "} %s;\n", declarator);
		return 0;
	default:
		return -1;
	}
}

/* Offsets of every named member reachable without indexing arrays. */
static void emit_asserts(FILE *f, const struct btf *btf, const char *sname, uint32_t id,
			 const char *path, uint32_t base)
{
	const struct btf_type *t = skip_mods(btf, &id);
	const struct btf_member *m;
	uint32_t i;

	if (!t || !(btf_is_struct(t) || btf_is_union(t)))
		return;
	m = btf_members(t);
	for (i = 0; i < btf_vlen(t); i++, m++) {
		const char *name = btf__name_by_offset(btf, m->name_off);
		uint32_t off = btf_member_bit_offset(t, i);
		char sub[DECL_MAX];

		if (!name[0] || btf_member_bitfield_size(t, i) || off % 8)
			continue;
		snprintf(sub, sizeof(sub), "%s.%s", path, name);
		fprintf(f, "TSK_ASSERT(offsetof(struct %s, %s) == %u);\n", sname, sub, base + off / 8);
		emit_asserts(f, btf, sname, m->type, sub, base + off / 8);
	}
}

int sg_emit_datasec(FILE *f, const struct btf *btf, int32_t sec_id, const char *sname, FILE *asserts)
{
	const struct btf_type *sec = btf__type_by_id(btf, (uint32_t)sec_id);
	const struct btf_var_secinfo *v;
	uint32_t i, at = 0;
	unsigned npad = 0;

	if (!sec || !btf_is_datasec(sec))
		return -1;
	fprintf(f, "struct %s {\n", sname);
	v = btf_var_secinfos(sec);
	for (i = 0; i < btf_vlen(sec); i++, v++) {
		const struct btf_type *var = btf__type_by_id(btf, v->type);
		const char *name;

		if (!var || !btf_is_var(var))
			continue;
		name = btf__name_by_offset(btf, var->name_off);
		pad(f, 1, at, v->offset, &npad);
		if (emit_decl(f, btf, var->type, name, 1, &npad))
			return -1;
		at = v->offset + v->size;
		fprintf(asserts, "TSK_ASSERT(offsetof(struct %s, %s) == %u);\n", sname, name, v->offset);
		emit_asserts(asserts, btf, sname, var->type, name, v->offset);
	}
	fprintf(f, "};\n\n");
	return 0;
}
