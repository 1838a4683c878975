/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* kconfig.c - the .kconfig externs of an object, checked and set. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "kconfig.h"

#define KVER_NAME "LINUX_KERNEL_VERSION"

static int fail(char *err, size_t errlen, const char *path, const char *fmt, const char *name)
{
	int n = snprintf(err, errlen, "%s: extern %s (__kconfig): ", path, name);

	if (n >= 0 && (size_t)n < errlen)
		snprintf(err + n, errlen - (size_t)n, "%s", fmt);
	return -1;
}

/* The BTF DATASEC ".kconfig", or NULL. */
static const struct btf_type *kconfig_sec(const struct btf *btf)
{
	uint32_t id, n = btf ? btf__type_cnt(btf) : 0;

	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (btf_is_datasec(t) && !strcmp(btf__name_by_offset(btf, t->name_off), ".kconfig"))
			return t;
	}
	return NULL;
}

static const char *var_name(const struct btf *btf, const struct btf_var_secinfo *vi)
{
	const struct btf_type *v = btf__type_by_id(btf, vi->type);
	const char *name = v ? btf__name_by_offset(btf, v->name_off) : NULL;

	return name ? name : "?";
}

/* A line "NAME=..." in the .config text.  libbpf 1.1 falls back to the
 * build host's value for a CONFIG_* the given text lacks: refuse that. */
static int config_has(const char *text, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, name, n) && p[n] == '=')
			return 1;
	return 0;
}

int sg_kconfig_check(const struct sg_object *o, const char *config, int have_version, char *err, size_t errlen)
{
	const struct btf_type *sec = kconfig_sec(o->btf);
	const struct btf_var_secinfo *vi;
	uint16_t i;

	if (!sec)
		return 0;
	for (i = 0, vi = btf_var_secinfos(sec); i < btf_vlen(sec); i++, vi++) {
		const char *name = var_name(o->btf, vi);

		if (!strncmp(name, "CONFIG_", 7)) {
			if (!config)
				return fail(err, errlen, o->path,
					    "would take the build host's value: give the device kernel's .config with --kconfig",
					    name);
			if (!config_has(config, name))
				return fail(err, errlen, o->path,
					    "not set in the --kconfig file (libbpf would take the build host's value)", name);
		} else if (!strcmp(name, KVER_NAME)) {
			if (!have_version)
				return fail(err, errlen, o->path,
					    "would take the build host's version: give the device's with --kernel-version",
					    name);
		} else {
			return fail(err, errlen, o->path, "libbpf resolves it on the build host: not supported", name);
		}
	}
	return 0;
}

int sg_kconfig_set_version(struct sg_object *o, uint32_t version, char *err, size_t errlen)
{
	const struct btf_type *sec = kconfig_sec(o->btf);
	const struct btf_var_secinfo *vi;
	const struct sg_map *m = NULL;
	const uint8_t *again;
	uint8_t *at;
	size_t i;
	uint16_t k;

	for (i = 0; i < o->nr_maps; i++)
		if (!strcmp(o->maps[i].ident, "kconfig") && o->maps[i].global)
			m = &o->maps[i];
	if (!sec)
		return 0;
	for (k = 0, vi = btf_var_secinfos(sec); k < btf_vlen(sec); k++, vi++) {
		if (strcmp(var_name(o->btf, vi), KVER_NAME))
			continue;
		/* The loader copies the map's value from the blob; it was
		 * found there by its bytes (object.c), so it must be there once. */
		if (!m || m->init_blob_off < 0 || vi->size != 4 || vi->offset + 4 > m->value_size)
			return fail(err, errlen, o->path, "cannot find its value in the loader's blob", KVER_NAME);
		at = o->data + m->init_blob_off;
		again = memmem(at + 1, o->data_sz - (size_t)m->init_blob_off - 1, at, m->value_size);
		if (again)
			return fail(err, errlen, o->path, "its map's value is not unique in the loader's blob", KVER_NAME);
		/* the blob is in the object's (the target's) byte order */
		for (i = 0; i < 4; i++)
			at[vi->offset + (o->big_endian ? 3 - i : i)] = (uint8_t)(version >> (8 * i));
	}
	return 0;
}

int sg_kconfig_fix_order(struct sg_object *o, char *err, size_t errlen)
{
	const uint16_t one = 1;
	const struct btf_type *sec = kconfig_sec(o->btf);
	const struct btf_var_secinfo *vi;
	const struct sg_map *m = NULL;
	size_t i;
	uint16_t k;

	if (!sec || o->big_endian == (*(const uint8_t *)&one == 0))
		return 0;
	for (i = 0; i < o->nr_maps; i++)
		if (!strcmp(o->maps[i].ident, "kconfig") && o->maps[i].global)
			m = &o->maps[i];
	if (!m || m->init_blob_off < 0)
		return 0; /* every value zero: the same in either order */
	if (memmem(o->data + m->init_blob_off + 1, o->data_sz - (size_t)m->init_blob_off - 1,
		   o->data + m->init_blob_off, m->value_size))
		return fail(err, errlen, o->path, "its map's value is not unique in the loader's blob", "values");
	for (k = 0, vi = btf_var_secinfos(sec); k < btf_vlen(sec); k++, vi++) {
		int id = btf__resolve_type(o->btf, btf__type_by_id(o->btf, vi->type)->type);
		const struct btf_type *t = id > 0 ? btf__type_by_id(o->btf, (uint32_t)id) : NULL;
		uint8_t *at = o->data + m->init_blob_off + vi->offset, b;
		uint32_t n = vi->size, j;

		if (!t || btf_is_array(t) || (n != 2 && n != 4 && n != 8) || vi->offset + n > m->value_size)
			continue; /* strings and single bytes read alike in both orders */
		for (j = 0; j < n / 2; j++)
			b = at[j], at[j] = at[n - 1 - j], at[n - 1 - j] = b;
	}
	return 0;
}

uint32_t sg_kconfig_parse_version(const char *s)
{
	unsigned a, b, c;
	int n = 0;

	if (sscanf(s, "%3u.%3u.%5u%n", &a, &b, &c, &n) != 3 || s[n] || a > 255 || b > 255 || !(a | b | c))
		return 0;
	return (a << 16) | (b << 8) | (c > 255 ? 255 : c);
}
