/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* kconfig.c - the .kconfig externs of an object, checked and set. */
#define _GNU_SOURCE
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "kconfig.h"

#define KVER_NAME "LINUX_KERNEL_VERSION"
#define WRAPPER_NAME "LINUX_HAS_SYSCALL_WRAPPER"
#define COOKIE_NAME "LINUX_HAS_BPF_COOKIE"
#define COOKIE_SINCE KV(5, 15, 0) /* bpf_get_attach_cookie() for kprobes, uprobes, tracepoints */
#define KV(a, b, c) (((a) << 16) | ((b) << 8) | (c))

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

/* The line of the .config text that starts with `prefix` + name + `suffix`
 * ("CONFIG_X" "=", "# CONFIG_X" " is not set"). */
static int config_line(const char *text, const char *prefix, const char *name, const char *suffix)
{
	size_t np = strlen(prefix), n = strlen(name), ns = strlen(suffix);
	const char *p;

	for (p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, prefix, np) && !strncmp(p + np, name, n) && !strncmp(p + np + n, suffix, ns))
			return 1;
	return 0;
}

/* Is the undefined symbol `name` weak in the ELF symbol table?  libbpf
 * reads the same bit (extern->is_weak); BTF does not carry it. */
static int is_weak(const void *elf_buf, size_t len, const char *name)
{
	Elf *elf;
	Elf_Scn *scn = NULL;
	int weak = 0;

	if (elf_version(EV_CURRENT) == EV_NONE || !(elf = elf_memory((char *)elf_buf, len)))
		return 0;
	while (!weak && (scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;
		GElf_Sym sym;
		size_t i;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || !sh.sh_entsize || !(d = elf_getdata(scn, NULL)))
			continue;
		for (i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
			const char *s;

			if (!gelf_getsym(d, (int)i, &sym) || sym.st_shndx != SHN_UNDEF)
				continue;
			s = elf_strptr(elf, sh.sh_link, sym.st_name);
			if (s && !strcmp(s, name)) {
				weak = GELF_ST_BIND(sym.st_info) == STB_WEAK;
				break;
			}
		}
	}
	elf_end(elf);
	return weak;
}

/* The .config value libbpf turns into 0 for this extern's type: n for
 * bool and enum libbpf_tristate, 0 for integers and char, "" for char
 * arrays (libbpf refuses "n" for an int).  NULL: a type libbpf refuses. */
static const char *zero_value(const struct btf *btf, uint32_t id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	int hops;

	for (hops = 0; t && (btf_is_mod(t) || btf_is_typedef(t) || btf_is_var(t)) && hops < 32; hops++)
		t = btf__type_by_id(btf, t->type);
	if (!t)
		return NULL;
	if (btf_is_int(t))
		return t->size == 1 && (btf_int_encoding(t) & BTF_INT_BOOL) ? "n" : "0";
	if (btf_is_enum(t) && !strcmp(btf__name_by_offset(btf, t->name_off), "libbpf_tristate"))
		return "n";
	if (btf_is_array(t)) {
		const struct btf_type *e = btf__type_by_id(btf, btf_array(t)->type);

		for (hops = 0; e && (btf_is_mod(e) || btf_is_typedef(e)) && hops < 32; hops++)
			e = btf__type_by_id(btf, e->type);
		if (e && btf_is_int(e) && e->size == 1)
			return "\"\"";
	}
	return NULL;
}

/* First kernel with syscall wrappers (pt_regs-taking __ARCH_sys_NAME
 * entry points, what BPF_KSYSCALL reads its arguments through) per
 * architecture, as uname -m spells it; 0: never. */
static const struct {
	const char *arch;
	uint32_t since;
} wrappers[] = {
	{ "x86_64", KV(4, 17, 0) }, { "aarch64", KV(4, 19, 0) }, { "arm64", KV(4, 19, 0) },
	{ "arm", 0 },                { "armv7l", 0 },             { "mips", 0 },
};

static int wrapper_value(const char *path, const struct sg_target *tg, char *err, size_t errlen)
{
	size_t i;

	if (tg->kconfig)
		return config_line(tg->kconfig, "", "CONFIG_ARCH_HAS_SYSCALL_WRAPPER", "=y");
	for (i = 0; tg->arch && i < sizeof(wrappers) / sizeof(wrappers[0]); i++) {
		if (strcmp(tg->arch, wrappers[i].arch))
			continue;
		if (!wrappers[i].since)
			return 0;
		if (!tg->kernel_version)
			return fail(err, errlen, path, "depends on the device's kernel: give --kernel-version", WRAPPER_NAME);
		return tg->kernel_version >= wrappers[i].since;
	}
	return fail(err, errlen, path,
		    tg->arch ? "no table for this --kernel-arch: give the device kernel's .config with --kconfig"
			     : "depends on the device's kernel: give its .config with --kconfig (or --kernel-arch)",
		    WRAPPER_NAME);
}

/* Append "NAME=VALUE\n" to the growing text. */
static int add_line(char **text, size_t *len, const char *name, const char *value)
{
	size_t add = strlen(name) + strlen(value) + 2;
	char *p = realloc(*text, *len + add + 1);

	if (!p)
		return -1;
	snprintf(p + *len, add + 1, "%s=%s\n", name, value);
	*text = p;
	*len += add;
	return 0;
}

int sg_kconfig_prepare(const char *path, const struct btf *btf, const void *elf, size_t elf_len,
		       const struct sg_target *tg, char **config_out, int *wrapper, int *cookie, char *err,
		       size_t errlen)
{
	const struct btf_type *sec = kconfig_sec(btf);
	const struct btf_var_secinfo *vi;
	const char *config = tg->kconfig;
	char *text = NULL;
	size_t len = 0;
	uint16_t i;

	*config_out = NULL;
	*wrapper = -1;
	*cookie = -1;
	if (!sec)
		return 0;
	for (i = 0, vi = btf_var_secinfos(sec); i < btf_vlen(sec); i++, vi++) {
		const char *name = var_name(btf, vi), *zero;

		if (!strncmp(name, "CONFIG_", 7)) {
			if (!config) {
				fail(err, errlen, path,
				     "would take the build host's value: give the device kernel's .config with --kconfig", name);
				goto out;
			}
			if (config_line(config, "", name, "="))
				continue;
			if (!config_line(config, "# ", name, " is not set") && !is_weak(elf, elf_len, name)) {
				fail(err, errlen, path,
				     "not set in the --kconfig file and not __weak (libbpf would take the build host's value)",
				     name);
				goto out;
			}
			zero = zero_value(btf, vi->type);
			if (!zero) {
				fail(err, errlen, path, "a type libbpf cannot give a .config value", name);
				goto out;
			}
			if (!text) { /* the given text first, then the zeros */
				len = strlen(config);
				text = malloc(len + 2);
				if (!text)
					goto oom;
				memcpy(text, config, len);
				if (len && text[len - 1] != '\n')
					text[len++] = '\n';
				text[len] = '\0';
			}
			if (add_line(&text, &len, name, zero))
				goto oom;
		} else if (!strcmp(name, KVER_NAME)) {
			if (!tg->kernel_version) {
				fail(err, errlen, path,
				     "would take the build host's version: give the device's with --kernel-version", name);
				goto out;
			}
		} else if (!strcmp(name, WRAPPER_NAME)) {
			*wrapper = wrapper_value(path, tg, err, errlen);
			if (*wrapper < 0)
				goto out;
		} else if (!strcmp(name, COOKIE_NAME)) { /* <bpf/usdt.bpf.h> */
			if (!tg->kernel_version) {
				fail(err, errlen, path, "depends on the device's kernel (5.15+): give --kernel-version", name);
				goto out;
			}
			*cookie = tg->kernel_version >= COOKIE_SINCE;
		} else {
			fail(err, errlen, path, "libbpf resolves it on the build host: not supported", name);
			goto out;
		}
	}
	*config_out = text;
	return 0;
oom:
	snprintf(err, errlen, "%s: out of memory", path);
out:
	free(text);
	*wrapper = -1;
	*cookie = -1;
	return -1;
}

int sg_kconfig_set(struct sg_object *o, const char *name, uint64_t value, char *err, size_t errlen)
{
	const struct btf_type *sec = kconfig_sec(o->btf);
	const struct btf_var_secinfo *vi;
	const struct sg_map *m = NULL;
	uint8_t *at;
	size_t i;
	uint16_t k;

	for (i = 0; i < o->nr_maps; i++)
		if (!strcmp(o->maps[i].ident, "kconfig") && o->maps[i].global)
			m = &o->maps[i];
	if (!sec)
		return 0;
	for (k = 0, vi = btf_var_secinfos(sec); k < btf_vlen(sec); k++, vi++) {
		if (strcmp(var_name(o->btf, vi), name))
			continue;
		/* The loader copies the map's value from the blob, where
		 * object.c found it through the loader's own instructions. */
		if (!m || m->init_blob_off < 0 || vi->size > 8 || vi->offset + vi->size > m->value_size)
			return fail(err, errlen, o->path, "cannot find its value in the loader's blob", name);
		at = o->data + m->init_blob_off;
		/* the blob is little endian (object.c refuses big-endian objects) */
		for (i = 0; i < vi->size; i++)
			at[vi->offset + i] = (uint8_t)(value >> (8 * i));
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
