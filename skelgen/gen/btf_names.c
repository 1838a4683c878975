/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * btf_names.c - every BTF name the global-data views put into the header
 * (variables, members, struct/union/enum/typedef names, enum values) is a
 * C identifier and no C or C++ keyword.  A global declared with an asm
 * label ("gv; } x; int injected(void) {...") is a BTF VAR of that name and
 * would otherwise be written into the header as code.  Checked here, before
 * btf_c.c writes anything, over the types reachable from each view.
 */
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "btf_names.h"
#include "cident.h"

#define FAIL(...) (snprintf(err, errlen, __VA_ARGS__), -1)

/* Variables, members and enum values become declarators: C identifiers,
 * no C keyword, no macro of the included headers (C++ keywords are fine:
 * btf_c.c spells them NAME_ under __cplusplus).  Type names only need to
 * be identifiers: btf_c.c spells types itself (vmlinux.h's `bool` is a
 * typedef named like a keyword). */
static const char *name_problem(const char *what, const char *s)
{
	const char *why = sg_name_problem(s);

	if (why && !strcmp(what, "type") && strcmp(why, "empty") && strcmp(why, "not a C identifier"))
		return NULL;
	return why;
}

static int check(const struct sg_object *o, const char *what, const char *name, char *err, size_t errlen)
{
	const char *why = name && name[0] ? name_problem(what, name) : NULL;
	char shown[64];
	size_t i;

	if (!why)
		return 0;
	for (i = 0; name[i] && i + 5 < sizeof(shown); i++)
		shown[i] = name[i] > ' ' && name[i] <= '~' ? name[i] : '?';
	shown[i] = '\0';
	return FAIL("%s: BTF %s name '%s%s' cannot be used in the header: %s", o->path, what, shown,
		    name[i] ? "..." : "", why);
}

struct stack {
	uint32_t *v;
	size_t top, cap;
};

static int push(struct stack *s, uint32_t id)
{
	if (s->top == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		uint32_t *v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return -1;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->top++] = id;
	return 0;
}

/* Iterative walk with a visited bit per type id: cycles end, depth is flat. */
static int walk(const struct sg_object *o, uint32_t root, uint8_t *seen, struct stack *st, uint32_t n, char *err,
		size_t errlen)
{
	const struct btf *btf = o->btf;
	int oom = push(st, root);

	while (st->top && !oom) {
		uint32_t id = st->v[--st->top], i;
		const struct btf_type *t;

		if (id == 0 || id >= n || seen[id])
			continue;
		seen[id] = 1;
		t = btf__type_by_id(btf, id);
		if (!t)
			continue;
		switch (btf_kind(t)) {
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION: {
			const struct btf_member *m = btf_members(t);

			if (check(o, "type", btf__name_by_offset(btf, t->name_off), err, errlen))
				return -1;
			for (i = 0; i < btf_vlen(t); i++, m++) {
				if (check(o, "member", btf__name_by_offset(btf, m->name_off), err, errlen))
					return -1;
				oom |= push(st, m->type);
			}
			break;
		}
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
			if (check(o, "type", btf__name_by_offset(btf, t->name_off), err, errlen))
				return -1;
			for (i = 0; i < btf_vlen(t); i++) {
				uint32_t off = btf_is_enum(t) ? btf_enum(t)[i].name_off : btf_enum64(t)[i].name_off;

				if (check(o, "enum value", btf__name_by_offset(btf, off), err, errlen))
					return -1;
			}
			break;
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_FWD:
		case BTF_KIND_VAR:
			if (check(o, btf_is_var(t) ? "variable" : "type", btf__name_by_offset(btf, t->name_off), err,
				  errlen))
				return -1;
			/* fallthrough */
		case BTF_KIND_PTR:
		case BTF_KIND_CONST:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
			if (!btf_is_fwd(t))
				oom |= push(st, t->type);
			break;
		case BTF_KIND_ARRAY:
			oom |= push(st, btf_array(t)->type);
			break;
		case BTF_KIND_DATASEC: {
			const struct btf_var_secinfo *v = btf_var_secinfos(t);

			/* Static variables never reach the header (btf_c.c leaves
			 * them out, as bpftool does): a function-scope static is
			 * called "func.var" in BTF and is no one's business here. */
			for (i = 0; i < btf_vlen(t); i++, v++) {
				const struct btf_type *var = btf__type_by_id(btf, v->type);

				if (var && btf_is_var(var) && btf_var(var)->linkage == BTF_VAR_STATIC)
					continue;
				oom |= push(st, v->type);
			}
			break;
		}
		default: /* INT, FLOAT, FUNC_PROTO, ...: btf_c.c spells them itself */
			break;
		}
	}
	return oom ? FAIL("%s: out of memory", o->path) : 0;
}

int sg_check_btf_names(const struct sg_object *o, char *err, size_t errlen)
{
	uint32_t n = o->btf ? btf__type_cnt(o->btf) : 0;
	struct stack st = { NULL, 0, 0 };
	uint8_t *seen;
	size_t i;
	int ret = 0;

	if (!n)
		return 0;
	seen = calloc(n, 1);
	if (!seen)
		ret = FAIL("%s: out of memory", o->path);
	for (i = 0; i < o->nr_maps && !ret; i++)
		if (o->maps[i].global && o->maps[i].datasec_id >= 0)
			ret = walk(o, (uint32_t)o->maps[i].datasec_id, seen, &st, n, err, errlen);
	free(seen);
	free(st.v);
	return ret;
}
