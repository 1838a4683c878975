/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * object.c - BPF object -> loader program + metadata blob, with libbpf's
 * loader generator (as `bpftool gen skeleton -L` does), plus the map and
 * program facts the header needs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "btf_names.h"
#include "cident.h"
#include "kconfig.h"
#include "loader.h"
#include "model.h"
#include "sign/sign.h"

#define EM_BPF_ 247

/* libbpf reports problems through its print callback; keep the last
 * warning so the one-line error can say what libbpf refused. */
static char libbpf_last[512];

static int capture_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char *nl;

	if (level == LIBBPF_DEBUG)
		return 0;
	vsnprintf(libbpf_last, sizeof(libbpf_last), fmt, ap);
	while ((nl = strrchr(libbpf_last, '\n')) && nl[1] == '\0')
		*nl = '\0';
	for (nl = libbpf_last; (nl = strchr(nl, '\n'));)
		*nl = ' ';
	return 0;
}

static int fail(char *err, size_t errlen, const char *path, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(err, errlen, "%s: ", path);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < errlen)
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

int sg_name_from_path(const char *path, char *out, size_t size)
{
	const char *base = strrchr(path, '/');
	size_t n, i;

	base = base ? base + 1 : path;
	n = strcspn(base, ".");
	if (n == 0 || n >= size)
		return -1;
	for (i = 0; i < n; i++) {
		char c = base[i];

		out[i] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9' && i > 0) ? c : '_';
	}
	out[n] = '\0';
	return 0;
}

static void sanitize(char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
			*s = '_';
}

/* bpftool's naming: ".bss" -> "bss", ".data.foo" -> "data_foo", user maps as named. */
static void map_ident(const struct bpf_map *map, char *out, size_t size)
{
	static const char *const sfx[] = { ".data", ".rodata", ".bss", ".kconfig" };
	const char *name = bpf_map__name(map), *p = NULL;
	size_t i;

	if (bpf_map__is_internal(map))
		for (i = 0; i < sizeof(sfx) / sizeof(sfx[0]) && !p; i++)
			p = strstr(name, sfx[i]);
	snprintf(out, size, "%s", p ? p + 1 : name);
	sanitize(out);
}

static int32_t find_datasec(const struct btf *btf, const char *ident)
{
	uint32_t id, n = btf ? btf__type_cnt(btf) : 0;
	char buf[SG_IDENT_MAX];

	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *name;

		if (!btf_is_datasec(t))
			continue;
		name = btf__name_by_offset(btf, t->name_off);
		snprintf(buf, sizeof(buf), "%s", name[0] == '.' ? name + 1 : name);
		sanitize(buf);
		if (strcmp(buf, ident) == 0)
			return (int32_t)id;
	}
	return -1;
}

static void prog_attach(const struct bpf_program *prog, struct sg_prog *p)
{
	const char *sec = bpf_program__section_name(prog);
	const char *slash = strchr(sec, '/');
	enum bpf_prog_type type = bpf_program__type(prog);

	p->attach = TINYSKEL_ATTACH_NONE;
	p->target[0] = '\0';
	switch (type) {
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
		if (slash && slash[1]) {
			p->attach = TINYSKEL_ATTACH_RAW_TP;
			snprintf(p->target, sizeof(p->target), "%s", slash + 1);
		}
		break;
	case BPF_PROG_TYPE_TRACING:
	case BPF_PROG_TYPE_LSM:
		p->attach = bpf_program__expected_attach_type(prog) == BPF_TRACE_ITER ?
			    TINYSKEL_ATTACH_ITER : TINYSKEL_ATTACH_TRACING;
		break;
	case BPF_PROG_TYPE_TRACEPOINT:
		/* tracepoint/CAT/NAME or tp/CAT/NAME */
		if (slash && strchr(slash + 1, '/')) {
			p->attach = TINYSKEL_ATTACH_TRACEPOINT;
			snprintf(p->target, sizeof(p->target), "%s", slash + 1);
		}
		break;
	case BPF_PROG_TYPE_KPROBE:
		if (slash && slash[1] && (!strncmp(sec, "kprobe/", 7) || !strncmp(sec, "kretprobe/", 10))) {
			p->attach = sec[1] == 'r' ? TINYSKEL_ATTACH_KRETPROBE : TINYSKEL_ATTACH_KPROBE;
			snprintf(p->target, sizeof(p->target), "%s", slash + 1);
		}
		break;
	default:
		break;
	}
}

static int read_object(const char *path, uint8_t **buf, size_t *len, char *err, size_t errlen)
{
	char rerr[SG_ERR_MAX];

	if (sg_read_file(path, buf, len, rerr)) {
		snprintf(err, errlen, "%s", rerr);
		return -1;
	}
	if (*len < 64) {
		free(*buf);
		return fail(err, errlen, path, "truncated: too short for an ELF object");
	}
	if (memcmp(*buf, "\177ELF", 4) != 0) {
		free(*buf);
		return fail(err, errlen, path, "not an ELF file");
	}
	/* e_ident[EI_CLASS] == ELFCLASS64, e_machine == EM_BPF, little endian */
	if ((*buf)[4] != 2 || !(((*buf)[18] == EM_BPF_ && (*buf)[19] == 0) ||
				 ((*buf)[19] == EM_BPF_ && (*buf)[18] == 0))) {
		free(*buf);
		return fail(err, errlen, path, "not a BPF object (ELF machine is not BPF)");
	}
	if ((*buf)[5] != 1) {
		free(*buf);
		return fail(err, errlen, path,
			    "big-endian BPF object: libbpf 1.1's loader generator only emits the build host's byte order");
	}
	return 0;
}

/* Names become struct members and functions in the header: refuse what
 * would not compile (or would be cut to SG_IDENT_MAX) rather than emit it. */
static int check_name(const struct sg_object *o, const char *what, const char *name, char *err, size_t errlen)
{
	const char *why = strlen(name) >= SG_IDENT_MAX ? "longer than 63 characters" : sg_member_problem(name);

	if (!why)
		return 0;
	fail(err, errlen, o->path, "%s name '", what);
	{
		size_t n = strlen(err);

		/* the name as it is would break the one-line error */
		for (; *name && n + 5 < errlen; name++)
			n += (size_t)snprintf(err + n, errlen - n, *name > ' ' && *name <= '~' ? "%c" : "\\x%02x",
					      (unsigned char)*name);
		snprintf(err + n, errlen - n, "' cannot be used in the header: %s", why);
	}
	return -1;
}

static int check_unique(const struct sg_object *o, char *err, size_t errlen)
{
	size_t i, j;

	for (i = 0; i < o->nr_maps; i++)
		for (j = 0; j < i; j++)
			if (!strcmp(o->maps[i].ident, o->maps[j].ident))
				return fail(err, errlen, o->path, "two maps are both called '%s' in the header",
					    o->maps[i].ident);
	for (i = 0; i < o->nr_progs; i++)
		for (j = 0; j < i; j++)
			if (!strcmp(o->progs[i].ident, o->progs[j].ident))
				return fail(err, errlen, o->path, "two programs are both called '%s' in the header",
					    o->progs[i].ident);
	/* tinyskel_pin_skel() pins map M at DIR/M and program P's link at
	 * DIR/P_link: a map named P_link would make every pin fail (EEXIST). */
	for (i = 0; i < o->nr_maps; i++)
		for (j = 0; j < o->nr_progs; j++) {
			size_t pl = strlen(o->progs[j].ident);

			if (!strncmp(o->maps[i].ident, o->progs[j].ident, pl) && !strcmp(o->maps[i].ident + pl, "_link"))
				return fail(err, errlen, o->path,
					    "map '%s' and the link of program '%s' would both be pinned at DIR/%s "
					    "(tinyskel_pin_skel): rename one",
					    o->maps[i].ident, o->progs[j].ident, o->maps[i].ident);
		}
	return 0;
}

static int collect(struct sg_object *o, struct bpf_object *obj, char *err, size_t errlen)
{
	struct bpf_program *prog;
	struct bpf_map *map;
	size_t i = 0;

	bpf_object__for_each_map(map, obj) {
		/* libbpf 1.1's loader generator crashes on these (so does
		 * `bpftool gen skeleton -L`): refuse them by name instead. */
		if (bpf_map__type(map) == BPF_MAP_TYPE_STRUCT_OPS)
			return fail(err, errlen, o->path,
				    "map '%s': struct_ops maps are not supported in light skeletons (libbpf 1.1)",
				    bpf_map__name(map));
		o->nr_maps++;
	}
	bpf_object__for_each_program(prog, obj)
		o->nr_progs++;
	if (o->nr_progs == 0)
		return fail(err, errlen, o->path, "no BPF programs in the object");
	o->maps = calloc(o->nr_maps + 1, sizeof(*o->maps));
	o->progs = calloc(o->nr_progs, sizeof(*o->progs));
	if (!o->maps || !o->progs)
		return fail(err, errlen, o->path, "out of memory");
	o->btf = bpf_object__btf(obj);
	bpf_object__for_each_map(map, obj) {
		struct sg_map *m = &o->maps[i++];

		map_ident(map, m->ident, sizeof(m->ident));
		/* internal maps are named by bpftool's rule above, user maps as they are */
		if (check_name(o, "map", bpf_map__is_internal(map) && strlen(bpf_map__name(map)) < SG_IDENT_MAX ?
					 m->ident : bpf_map__name(map), err, errlen))
			return -1;
		m->value_size = bpf_map__value_size(map);
		m->global = bpf_map__is_internal(map) && (bpf_map__map_flags(map) & BPF_F_MMAPABLE);
		m->readonly = (bpf_map__map_flags(map) & BPF_F_RDONLY_PROG) != 0;
		m->init_blob_off = -1;
		m->datasec_id = m->global ? find_datasec(o->btf, m->ident) : -1;
		/* String literals (.rodata.str1.1) and a .rodata of statics only:
		 * bpftool's header still has skel->rodata_str1_1. */
		m->blob_view = bpf_map__is_internal(map) && !m->global && m->readonly;
		if (m->blob_view)
			m->datasec_id = find_datasec(o->btf, m->ident);
	}
	i = 0;
	bpf_object__for_each_program(prog, obj) {
		struct sg_prog *p = &o->progs[i++];

		if (check_name(o, "program", bpf_program__name(prog), err, errlen))
			return -1;
		snprintf(p->ident, sizeof(p->ident), "%s", bpf_program__name(prog));
		snprintf(p->section, sizeof(p->section), "%s", bpf_program__section_name(prog));
		prog_attach(prog, p);
	}
	return check_unique(o, err, errlen);
}

/* The blob offset of the value the loader writes into map `idx`, read
 * from the instructions libbpf's loader generator emits for it
 * (bpf_gen__map_update_elem): r3 = map_desc[idx].initial_value; if (r3)
 * ...; r1 = &blob[VALUE] (ld_imm64, BPF_PSEUDO_MAP_IDX_VALUE).  A search
 * for the value's bytes finds the first of several equal small values
 * (a one-byte .kconfig of 1), this finds the map's own.  -1: none. */
static int64_t update_value_off(const struct sg_object *o, size_t idx)
{
	const uint8_t *in = o->insns;
	size_t n = o->insns_sz / 8, i;
	long want = (long)(sizeof(struct tinyskel_loader_ctx) + idx * sizeof(struct tinyskel_map_desc) +
			   offsetof(struct tinyskel_map_desc, initial_value));

	for (i = 0; i + 3 < n; i++) {
		const uint8_t *a = in + 8 * i, *b = a + 8, *c = b + 8;
		int16_t off = (int16_t)(a[2] | a[3] << 8);

		/* LDX DW r3 = *(r6 + want); JEQ r3, 0; LD_IMM64 r1, MAP_IDX_VALUE */
		if (a[0] == (BPF_LDX | BPF_MEM | BPF_DW) && a[1] == 0x63 && off == want &&
		    b[0] == (BPF_JMP | BPF_JEQ | BPF_K) && (b[1] & 0xf) == 3 &&
		    c[0] == (BPF_LD | BPF_IMM | BPF_DW) && c[1] == ((BPF_PSEUDO_MAP_IDX_VALUE << 4) | 1))
			return (int64_t)((uint32_t)c[12] | (uint32_t)c[13] << 8 | (uint32_t)c[14] << 16 |
					 (uint32_t)c[15] << 24);
	}
	return -1;
}

/* Where each global map's initial value sits in the blob, so the header
 * carries it once (the loader's copy) instead of twice. */
static int locate_initial_values(struct sg_object *o, struct bpf_object *obj, char *err, size_t errlen)
{
	struct bpf_map *map;
	size_t i = 0;

	bpf_object__for_each_map(map, obj) {
		struct sg_map *m = &o->maps[i++];
		size_t sz = 0, k;
		const uint8_t *v;
		const uint8_t *at;

		if (!m->global && !m->blob_view)
			continue;
		v = bpf_map__initial_value(map, &sz);
		if (!v || sz < m->value_size)
			continue;
		for (k = 0; k < m->value_size && v[k] == 0; k++)
			;
		if (k == m->value_size) {
			m->blob_view = 0; /* all zeros: nothing to carry, nothing to show */
			continue;
		}
		{
			int64_t off = update_value_off(o, i - 1);

			/* the loader's own copy; else equal bytes found only once */
			if (off >= 0 && (uint64_t)off + m->value_size <= o->data_sz &&
			    !memcmp(o->data + off, v, m->value_size)) {
				at = o->data + off;
			} else {
				at = memmem(o->data, o->data_sz, v, m->value_size);
				if (at && memmem(at + 1, o->data_sz - (size_t)(at - o->data) - 1, v, m->value_size))
					return fail(err, errlen, o->path,
						    "initial value of '%s' is not unique in the loader's blob", m->ident);
			}
		}
		if (!at)
			return fail(err, errlen, o->path, "initial value of '%s' not found in the loader's blob",
				    m->ident);
		m->init_blob_off = at - o->data;
	}
	return 0;
}

static int copy_out(uint8_t **dst, size_t *dst_sz, const char *src, size_t len, size_t pad_to)
{
	size_t padded = (len + pad_to - 1) / pad_to * pad_to;

	*dst = calloc(1, padded ? padded : 1);
	if (!*dst)
		return -1;
	memcpy(*dst, src, len);
	*dst_sz = padded;
	return 0;
}

int sg_object_open(const char *path, const char *name, struct sg_object *o, char *err, size_t errlen)
{
	static const struct sg_target none;

	return sg_object_open_target(path, name, &none, o, err, errlen);
}

/* The .config text libbpf gets (kconfig.h): opens the object once more
 * to read its BTF before the real open, which takes the text. */
static int prepare_kconfig(const char *path, const char *name, const uint8_t *buf, size_t len,
			   const struct sg_target *tg, char **text, int *wrapper, int *cookie, char *err, size_t errlen)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = name);
	struct bpf_object *pre = bpf_object__open_mem(buf, len, &opts);
	int ret;

	*text = NULL;
	*wrapper = -1;
	*cookie = -1;
	if (!pre)
		return 0; /* the real open says why */
	ret = sg_kconfig_prepare(path, bpf_object__btf(pre), buf, len, tg, text, wrapper, cookie, err, errlen);
	bpf_object__close(pre);
	return ret;
}

int sg_object_open_target(const char *path, const char *name, const struct sg_target *tg, struct sg_object *o,
			  char *err, size_t errlen)
{
	struct gen_loader_opts gen = { .sz = sizeof(gen) };
	struct bpf_object *obj = NULL;
	char *kconfig_text = NULL;
	uint8_t *buf = NULL;
	size_t len = 0;
	int ret = -1, wrapper = -1, cookie = -1;

	memset(o, 0, sizeof(*o));
	snprintf(o->path, sizeof(o->path), "%s", path);
	if (name)
		snprintf(o->name, sizeof(o->name), "%s", name);
	else if (sg_name_from_path(path, o->name, sizeof(o->name)))
		return fail(err, errlen, path, "cannot derive a skeleton name from the file name (use --name)");
	if (sg_skel_name_problem(o->name))
		return fail(err, errlen, path, "skeleton name '%s' is %s (use --name)", o->name, sg_skel_name_problem(o->name));
	if (read_object(path, &buf, &len, err, errlen))
		return -1;

	libbpf_set_print(capture_print);
	libbpf_last[0] = '\0';
	if (prepare_kconfig(path, o->name, buf, len, tg, &kconfig_text, &wrapper, &cookie, err, errlen))
		goto out_buf;
	{
		LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = o->name,
			    .kconfig = kconfig_text ? kconfig_text : tg->kconfig);

		obj = bpf_object__open_mem(buf, len, &opts);
	}
	if (!obj) {
		fail(err, errlen, path, "libbpf cannot open the object: %s", libbpf_last[0] ? libbpf_last : strerror(errno));
		goto out_buf;
	}
	if (collect(o, obj, err, errlen) || sg_check_btf_names(o, err, errlen))
		goto out_obj;
	if (bpf_object__gen_loader(obj, &gen)) {
		fail(err, errlen, path, "libbpf loader generator: %s", libbpf_last[0] ? libbpf_last : strerror(errno));
		goto out_obj;
	}
	if (bpf_object__load(obj) || !gen.insns || !gen.data) {
		fail(err, errlen, path, "libbpf cannot generate the loader: %s",
		     libbpf_last[0] ? libbpf_last : "unsupported map or program type");
		goto out_obj;
	}
	/* data is padded to 8 so the map's value_size equals the kernel's
	 * element size and every scheme hashes the same bytes (SCHEMES.md). */
	if (copy_out(&o->insns, &o->insns_sz, gen.insns, gen.insns_sz, 8) ||
	    copy_out(&o->data, &o->data_sz, gen.data, gen.data_sz, 8)) {
		fail(err, errlen, path, "out of memory");
		goto out_obj;
	}
	if (o->insns_sz != gen.insns_sz) {
		fail(err, errlen, path, "loader instructions are not a whole number of instructions");
		goto out_obj;
	}
	if (locate_initial_values(o, obj, err, errlen) ||
	    (tg->kernel_version && sg_kconfig_set(o, "LINUX_KERNEL_VERSION", tg->kernel_version, err, errlen)) ||
	    (wrapper >= 0 && sg_kconfig_set(o, "LINUX_HAS_SYSCALL_WRAPPER", (uint64_t)wrapper, err, errlen)) ||
	    (cookie >= 0 && sg_kconfig_set(o, "LINUX_HAS_BPF_COOKIE", (uint64_t)cookie, err, errlen)))
		goto out_obj;
	/* The loader contract (loader.h): named program-load errors in every
	 * loader, and the sealed variant every scheme signs. */
	if (sg_loader_name_errors(o, err, errlen) || sg_loader_seal(o, err, errlen))
		goto out_obj;
	sg_sha256(o->insns, o->insns_sz, o->insns_sha256);
	sg_sha256(o->data, o->data_sz, o->data_sha256);
	/* Keep the BTF past bpf_object__close(). */
	if (o->btf) {
		uint32_t raw_sz;
		const void *raw = btf__raw_data(o->btf, &raw_sz);

		o->btf = raw ? btf__new(raw, raw_sz) : NULL;
		if (!o->btf) {
			fail(err, errlen, path, "cannot copy the object's BTF");
			goto out_obj;
		}
	}
	ret = 0;
out_obj:
	if (ret)
		o->btf = NULL;
	bpf_object__close(obj);
out_buf:
	free(kconfig_text);
	free(buf);
	if (ret)
		sg_object_free(o);
	return ret;
}

void sg_object_free(struct sg_object *o)
{
	free(o->insns);
	free(o->sealed);
	free(o->data);
	free(o->maps);
	free(o->progs);
	btf__free(o->btf);
	o->insns = o->data = o->sealed = NULL;
	o->maps = NULL;
	o->progs = NULL;
	o->btf = NULL;
}
