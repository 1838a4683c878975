/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * emit.c - the generated header: data (loader, blob, signatures, once each),
 * the skeleton struct with libbpf's loader-context layout, the tables the
 * runtime reads, and bpftool-compatible NAME__* functions that call it.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cident.h"
#include "compact.h"
#include "emit.h"

static const char *const scheme_ids[] = { "none", "inloader", "loadtime", "chain" };

/* C name of a signature entry: the in-loader variant without the excl read
 * (tinyskel.h, TINYSKEL_SIG_INLOADER_NO_EXCL) gets its own. */
static const char *sig_id(const struct sg_sig *sig)
{
	return sig->flags & TINYSKEL_SIG_INLOADER_NO_EXCL ? "inloader_noexcl" : scheme_ids[sig->scheme];
}
static const char *const attach_names[] = {
	"TINYSKEL_ATTACH_NONE", "TINYSKEL_ATTACH_RAW_TP", "TINYSKEL_ATTACH_TRACING",
	"TINYSKEL_ATTACH_ITER", "TINYSKEL_ATTACH_TRACEPOINT", "TINYSKEL_ATTACH_KPROBE",
	"TINYSKEL_ATTACH_KRETPROBE",
};
static const char *const attach_fns[] = {
	"NULL", "tinyskel_attach_raw_tp", "tinyskel_attach_tracing", "tinyskel_attach_iter",
	"tinyskel_attach_perf", "tinyskel_attach_perf", "tinyskel_attach_perf",
};

static void hex(FILE *f, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(f, "%02x", p[i]);
}

/* Decimal bytes: as compact as bpftool's escaped strings, valid C and C++,
 * and no terminating NUL added to the array. */
static void bytes(FILE *f, const char *name, const uint8_t *p, size_t n)
{
	size_t i, col = 0;

	fprintf(f, "static const uint8_t %s[%zu] __attribute__((aligned(8), unused)) = {\n", name, n);
	for (i = 0; i < n; i++) {
		col += (size_t)fprintf(f, "%u,", p[i]);
		if (col >= 100 || i + 1 == n) {
			fputc('\n', f);
			col = 0;
		}
	}
	fprintf(f, "};\n");
}

static void c_string(FILE *f, const char *s)
{
	sg_c_string(f, s);
}

static void emit_edits(FILE *f, const char *n, const char *id, const struct sg_sig *sig)
{
	char name[SG_IDENT_MAX + 48];
	size_t k;

	for (k = 0; k < sig->nr_edits; k++) {
		if (!sig->edits[k].cnt)
			continue; /* a deletion: no instructions */
		snprintf(name, sizeof(name), "%s__edit_%s_%zu", n, id, k);
		bytes(f, name, sig->edits[k].insns, (size_t)sig->edits[k].cnt * 8);
	}
	fprintf(f, "static const struct tinyskel_edit %s__edits_%s[%zu] __attribute__((unused)) = {\n", n, id,
		sig->nr_edits);
	for (k = 0; k < sig->nr_edits; k++) {
		fprintf(f, "\t{ %u, %u, %u, %u, ", sig->edits[k].at, sig->edits[k].cnt, sig->edits[k].replace,
			sig->edits[k].flags);
		if (sig->edits[k].cnt)
			fprintf(f, "%s__edit_%s_%zu },\n", n, id, k);
		else
			fprintf(f, "NULL },\n");
	}
	fprintf(f, "};\n");
}

/* The metadata without its zero runs (the runtime puts them back). */
static int emit_meta(FILE *f, const struct sg_object *o, size_t *nr_zeros, char *err, size_t errlen)
{
	char name[SG_IDENT_MAX + 32];
	uint32_t *runs = NULL;
	uint8_t *stored = NULL;
	size_t stored_sz = 0, i;

	if (sg_zero_runs(o, &runs, nr_zeros, &stored, &stored_sz, err, errlen))
		return -1;
	snprintf(name, sizeof(name), "%s__data", o->name);
	bytes(f, name, stored, stored_sz);
	if (*nr_zeros) {
		fprintf(f, "static const uint32_t %s__zeros[%zu] __attribute__((unused)) = {", o->name,
			2 * *nr_zeros);
		for (i = 0; i < *nr_zeros; i++)
			fprintf(f, " %u, %u,", runs[2 * i], runs[2 * i + 1]);
		fprintf(f, " };\n");
	}
	free(runs);
	free(stored);
	return 0;
}

/* The first signature carrying the same instructions as sigs[i] (chain and
 * loadtime both sign the sealed loader): emitted once, shared. */
static size_t same_insns(const struct sg_sig *sigs, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (sigs[j].insns && sigs[i].insns && sigs[j].insns_sz == sigs[i].insns_sz &&
		    !memcmp(sigs[j].insns, sigs[i].insns, sigs[i].insns_sz))
			return j;
	return i;
}

/* The first signature whose edit list is the same as sigs[i]'s (an
 * in-loader variant with the generated check has the sealed loader's
 * edits): emitted once, shared. */
static size_t same_edits(const struct sg_sig *sigs, size_t i)
{
	size_t j, k;

	for (j = 0; j < i; j++) {
		if (!sigs[j].insns || sigs[j].nr_edits != sigs[i].nr_edits)
			continue;
		for (k = 0; k < sigs[i].nr_edits; k++) {
			const struct tinyskel_edit *a = &sigs[i].edits[k], *b = &sigs[j].edits[k];

			if (a->at != b->at || a->cnt != b->cnt || a->replace != b->replace || a->flags != b->flags ||
			    memcmp(a->insns, b->insns, (size_t)a->cnt * 8))
				break;
		}
		if (k == sigs[i].nr_edits)
			return j;
	}
	return i;
}

/* How many first bytes sigs[i]'s DER takes from sigs[0]'s (signatures by
 * one key differ only in the signature value at their end): the runtime
 * assembles them (tinyskel_sig_read).  0 for the first, or when little is
 * shared. */
static size_t shared_der(const struct sg_sig *sigs, size_t i)
{
	size_t k = 0;

	if (i == 0)
		return 0;
	while (k < sigs[0].der_len && k + 1 < sigs[i].der_len && k < 0xffff && sigs[0].der[k] == sigs[i].der[k])
		k++;
	return k >= 16 ? k : 0;
}

static int emit_data(FILE *f, const struct sg_object *o, const struct sg_sig *sigs, size_t nr_sigs, char *err,
		     size_t errlen)
{
	const char *n = o->name;
	char name[SG_IDENT_MAX + 32];
	size_t i, nr_zeros = 0;

	snprintf(name, sizeof(name), "%s__insns", n);
	bytes(f, name, o->insns, o->insns_sz);
	if (emit_meta(f, o, &nr_zeros, err, errlen))
		return -1;
	snprintf(name, sizeof(name), "%s__insns_sha256", n);
	bytes(f, name, o->insns_sha256, 32);
	snprintf(name, sizeof(name), "%s__data_sha256", n);
	bytes(f, name, o->data_sha256, 32);
	for (i = 0; i < nr_sigs; i++) {
		const char *id = sig_id(&sigs[i]);
		size_t shared = shared_der(sigs, i);

		snprintf(name, sizeof(name), "%s__sig_%s", n, id);
		bytes(f, name, sigs[i].der + shared, sigs[i].der_len - shared);
		if (!sigs[i].insns || same_insns(sigs, i) != i)
			continue;
		if (sigs[i].nr_edits || (sigs[i].flags & TINYSKEL_SIG_HASH_CHECK)) {
			if (sigs[i].nr_edits && same_edits(sigs, i) == i)
				emit_edits(f, n, id, &sigs[i]);
		} else {
			snprintf(name, sizeof(name), "%s__insns_%s", n, id);
			bytes(f, name, sigs[i].insns, sigs[i].insns_sz);
		}
		snprintf(name, sizeof(name), "%s__insns_%s_sha256", n, id);
		bytes(f, name, sigs[i].insns_sha256, 32);
	}
	fprintf(f, "\n");
	if (nr_sigs) {
		fprintf(f, "static const struct tinyskel_signature %s__sigs[%zu] __attribute__((unused)) = {\n", n,
			nr_sigs);
		for (i = 0; i < nr_sigs; i++) {
			const struct sg_sig *s = &sigs[i];
			size_t j = same_insns(sigs, i);
			const char *id = sig_id(s), *own = sig_id(&sigs[j]), *eown = sig_id(&sigs[same_edits(sigs, j)]);

			fprintf(f, "\t{ %u /* %s */, %zu, %s__sig_%s, ", s->scheme, id, s->der_len, n, id);
			/* the signed instructions as edits of the common loader
			 * (with the generated in-loader check), or in full when
			 * no edit list rebuilds them (skelgen/main.c) */
			if (s->insns && (s->nr_edits || (s->flags & TINYSKEL_SIG_HASH_CHECK))) {
				fprintf(f, "NULL, %zu, %u, %s__insns_%s_sha256, %u, %zu, %zu, ", s->insns_sz, s->check_at, n,
					own, s->flags, shared_der(sigs, i), s->nr_edits);
				if (s->nr_edits)
					fprintf(f, "%s__edits_%s },\n", n, eown);
				else
					fprintf(f, "NULL },\n");
			} else if (s->insns) {
				fprintf(f, "%s__insns_%s, %zu, 0, %s__insns_%s_sha256, %u, %zu, 0, NULL },\n", n, own,
					s->insns_sz, n, own, s->flags, shared_der(sigs, i));
			} else {
				fprintf(f, "NULL, 0, 0, NULL, 0, %zu, 0, NULL },\n", shared_der(sigs, i));
			}
		}
		fprintf(f, "};\n\n");
	}
	fprintf(f, "static const struct tinyskel_blob %s__blob_desc __attribute__((unused)) = {\n", n);
	fprintf(f, "\tTINYSKEL_BLOB_MAGIC, TINYSKEL_BLOB_VERSION, %s,\n",
		o->big_endian ? "TINYSKEL_BLOB_BIG_ENDIAN" : "TINYSKEL_BLOB_LITTLE_ENDIAN");
	fprintf(f, "\t%s__insns, sizeof(%s__insns), %zu, %s__data,\n", n, n, o->data_sz, n);
	fprintf(f, "\t%s__insns_sha256, %s__data_sha256,\n", n, n);
	if (nr_sigs)
		fprintf(f, "\t%zu, %s__sigs,\n", nr_sigs, n);
	else
		fprintf(f, "\t0, NULL,\n");
	if (nr_zeros)
		fprintf(f, "\t%zu, %s__zeros,\n};\n\n", nr_zeros, n);
	else
		fprintf(f, "\t0, NULL,\n};\n\n");
	return 0;
}

static int has_view(const struct sg_map *m)
{
	return m->global && m->datasec_id >= 0;
}

static int emit_struct(FILE *f, const struct sg_object *o, FILE *asserts)
{
	const char *n = o->name;
	size_t i;

	/* Global data types first, at file scope: one name in C and C++. */
	for (i = 0; i < o->nr_maps; i++) {
		char sname[2 * SG_IDENT_MAX + 4];

		if (!has_view(&o->maps[i]) && !o->maps[i].blob_view)
			continue;
		snprintf(sname, sizeof(sname), "%s__%s", n, o->maps[i].ident);
		if (o->maps[i].datasec_id < 0)
			sg_emit_opaque(f, sname, o->maps[i].value_size);
		else if (sg_emit_datasec(f, o->btf, o->maps[i].datasec_id, sname, asserts))
			return -1;
	}
	/* libbpf's type names, as in bpftool's header (tinyskel_lskel.h pins
	 * them to the tinyskel_* layout the runtime uses). */
	fprintf(f, "struct %s {\n\tstruct bpf_loader_ctx ctx;\n", n);
	if (o->nr_maps) {
		fprintf(f, "\tstruct {\n");
		for (i = 0; i < o->nr_maps; i++)
			fprintf(f, "\t\tstruct bpf_map_desc %s;\n", o->maps[i].ident);
		fprintf(f, "\t} maps;\n");
	}
	fprintf(f, "\tstruct {\n");
	for (i = 0; i < o->nr_progs; i++)
		fprintf(f, "\t\tstruct bpf_prog_desc %s;\n", o->progs[i].ident);
	fprintf(f, "\t} progs;\n\tstruct {\n");
	for (i = 0; i < o->nr_progs; i++)
		fprintf(f, "\t\tint %s_fd;\n", o->progs[i].ident);
	fprintf(f, "\t} links;\n");
	/* Where bpftool -S puts it: apps set it between __open() and __load(). */
	fprintf(f, "\t__s32 keyring_id; /* set by %s__open() to the build's default; opts.keyring_id wins */\n", n);
	for (i = 0; i < o->nr_maps; i++)
		if (has_view(&o->maps[i]) || o->maps[i].blob_view)
			fprintf(f, "\tstruct %s__%s *%s;%s\n", n, o->maps[i].ident, o->maps[i].ident,
				o->maps[i].blob_view ? " /* read-only: the header's copy (frozen map) */" : "");
	fprintf(f, "\tstruct tinyskel_result result; /* outcome of the last %s__load() */\n", n);
	/* Global data lives here before load: no heap, no mmap needed. */
	for (i = 0; i < o->nr_maps && !has_view(&o->maps[i]); i++)
		;
	if (i < o->nr_maps) {
		fprintf(f, "\tstruct {\n");
		for (; i < o->nr_maps; i++)
			if (has_view(&o->maps[i]))
				fprintf(f,
					"\t\tunion { struct %s__%s v; uint8_t raw[%u]; } %s "
					"__attribute__((aligned(TINYSKEL_STORAGE_ALIGN)));\n",
					n,
					o->maps[i].ident, o->maps[i].value_size, o->maps[i].ident);
		fprintf(f, "\t} tinyskel_storage __attribute__((aligned(TINYSKEL_STORAGE_ALIGN)));\n");
	}
	fprintf(f, "};\n\n");
	return 0;
}

static void emit_info(FILE *f, const struct sg_object *o)
{
	const char *n = o->name;
	size_t i;

	if (o->nr_maps) {
		fprintf(f, "static const struct tinyskel_map_info %s__maps[%zu] __attribute__((unused)) = {\n", n,
			o->nr_maps);
		for (i = 0; i < o->nr_maps; i++) {
			const struct sg_map *m = &o->maps[i];
			int view = has_view(m);

			fprintf(f, "\t{ \"%s\", offsetof(struct %s, maps.%s), ", m->ident, n, m->ident);
			if (view)
				fprintf(f, "offsetof(struct %s, %s), offsetof(struct %s, tinyskel_storage.%s), ", n,
					m->ident, n, m->ident);
			else if (m->blob_view)
				fprintf(f, "offsetof(struct %s, %s), TINYSKEL_NO_OFF, ", n, m->ident);
			else
				fprintf(f, "TINYSKEL_NO_OFF, TINYSKEL_NO_OFF, ");
			if ((view || m->blob_view) && m->init_blob_off >= 0)
				fprintf(f, "%lld, ", (long long)m->init_blob_off);
			else
				fprintf(f, "TINYSKEL_NO_OFF, ");
			fprintf(f, "%u, %s },\n", m->value_size,
				m->blob_view ? "TINYSKEL_MAP_BLOB_VIEW" : !m->global ? "0" : m->readonly ? "TINYSKEL_MAP_GLOBAL | TINYSKEL_MAP_READONLY"
							: "TINYSKEL_MAP_GLOBAL");
		}
		fprintf(f, "};\n\n");
	}
	fprintf(f, "static const struct tinyskel_prog_info %s__progs[%zu] __attribute__((unused)) = {\n", n,
		o->nr_progs);
	for (i = 0; i < o->nr_progs; i++) {
		const struct sg_prog *p = &o->progs[i];

		fprintf(f, "\t{ \"%s\", offsetof(struct %s, progs.%s), offsetof(struct %s, links.%s_fd), %s, ",
			p->ident, n, p->ident, n, p->ident, attach_names[p->attach]);
		if (p->target[0])
			c_string(f, p->target);
		else
			fprintf(f, "NULL");
		fprintf(f, ", %s }, /* SEC(\"", attach_fns[p->attach]);
		sg_c_comment(f, p->section);
		fprintf(f, "\") */\n");
	}
	fprintf(f, "};\n\n");
	fprintf(f, "static const struct tinyskel_skel_info %s__info_desc __attribute__((unused)) = {\n", n);
	fprintf(f, "\t\"%s\", &%s__blob_desc, sizeof(struct %s), offsetof(struct %s, links),\n", n, n, n, n);
	fprintf(f, "\t%zu, %zu, ", o->nr_maps, o->nr_progs);
	if (o->nr_maps)
		fprintf(f, "%s__maps, ", n);
	else
		fprintf(f, "NULL, ");
	fprintf(f, "%s__progs, offsetof(struct %s, keyring_id),\n};\n\n", n, n);
}

static void emit_functions(FILE *f, const struct sg_object *o)
{
	const char *n = o->name;
	size_t i;

	fprintf(f,
		"/* Caller-owned storage, no heap: struct %1$s s; %1$s__init(&s); ... %1$s__deinit(&s); */\n"
		"static inline int %1$s__init(struct %1$s *skel)\n"
		"{\n\treturn tinyskel_init(&%1$s__info_desc, skel);\n}\n\n"
		"static inline struct %1$s *%1$s__open(void)\n"
		"{\n\tstruct %1$s *skel = (struct %1$s *)calloc(1, sizeof(*skel));\n\n"
		"\tif (skel && %1$s__init(skel)) {\n\t\tfree(skel);\n\t\terrno = EINVAL;\n\t\treturn NULL;\n\t}\n"
		"\treturn skel;\n}\n\n"
		"/* Details of a failure are in skel->result (step, errno, reason). */\n"
		"static inline int %1$s__load_opts(struct %1$s *skel, const struct tinyskel_opts *opts)\n"
		"{\n\tint err = tinyskel_load(&%1$s__info_desc, skel, opts, &skel->result);\n\n"
		"\tif (err)\n\t\terrno = -err;\n\treturn err;\n}\n\n"
		"static inline int %1$s__load(struct %1$s *skel)\n"
		"{\n\treturn %1$s__load_opts(skel, NULL);\n}\n\n"
		"static inline void %1$s__detach(struct %1$s *skel)\n"
		"{\n\ttinyskel_detach(&%1$s__info_desc, skel);\n}\n\n"
		"static inline void %1$s__deinit(struct %1$s *skel)\n"
		"{\n\ttinyskel_destroy(&%1$s__info_desc, skel);\n}\n\n"
		"static inline void %1$s__destroy(struct %1$s *skel)\n"
		"{\n\tif (!skel)\n\t\treturn;\n\t%1$s__deinit(skel);\n\tfree(skel);\n}\n\n"
		"static inline struct %1$s *%1$s__open_and_load(void)\n"
		"{\n\tstruct %1$s *skel = %1$s__open();\n\n"
		"\tif (skel && %1$s__load(skel)) {\n\t\tint err = errno;\n\n"
		"\t\t%1$s__destroy(skel);\n\t\terrno = err;\n\t\treturn NULL;\n\t}\n\treturn skel;\n}\n\n"
		"/* As bpftool's: 0, or -1 with errno set (skel->result says which program\n"
		" * and why); the kinds it attaches: TINYSKEL_ATTACH_MODE (tinyskel_lskel.h). */\n"
		"static inline int %1$s__attach(struct %1$s *skel)\n"
		"{\n\tint err = tinyskel_attach_as(&%1$s__info_desc, skel, TINYSKEL_ATTACH_MODE, &skel->result);\n\n"
		"\tif (err) {\n\t\terrno = -err;\n\t\treturn -1;\n\t}\n\treturn 0;\n}\n\n",
		n);
	for (i = 0; i < o->nr_progs; i++)
		fprintf(f,
			"/* As bpftool's: the link fd, or -1 with errno set. */\n"
			"static inline int %1$s__%2$s__attach(struct %1$s *skel)\n"
			"{\n\tint fd = tinyskel_attach_prog_as(&%1$s__info_desc, skel, %3$zu, TINYSKEL_ATTACH_MODE, &skel->result);\n\n"
			"\tif (fd < 0) {\n\t\terrno = -fd;\n\t\treturn -1;\n\t}\n\treturn fd;\n}\n\n",
			n, o->progs[i].ident, i);
	fprintf(f,
		"/* The exact bytes this header loads and the signatures over them, for audit. */\n"
		"static inline const struct tinyskel_blob *%1$s__blob(void)\n"
		"{\n\treturn &%1$s__blob_desc;\n}\n\n"
		"static inline const struct tinyskel_skel_info *%1$s__info(void)\n"
		"{\n\treturn &%1$s__info_desc;\n}\n\n",
		n);
}

int sg_emit_header(FILE *f, const struct sg_object *o, const struct sg_sig *sigs, size_t nr_sigs, char *err,
		   size_t errlen)
{
	char *asserts_buf = NULL;
	size_t asserts_len = 0, i;
	FILE *asserts = open_memstream(&asserts_buf, &asserts_len);
	const char *n = o->name;
	int ret = -1;

	if (!asserts)
		return -1;
	fprintf(f, "/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */\n");
	/* The file name only: the same object built elsewhere gives the same header. */
	fprintf(f, "/* Generated by skelgen (tinyskel %d.%d) from ", TINYSKEL_VERSION_MAJOR, TINYSKEL_VERSION_MINOR);
	sg_c_comment(f, sg_base_name(o->path));
	fprintf(f, ": do not edit.\n");
	fprintf(f, " * loader: %zu instructions, sha256 ", o->insns_sz / 8);
	hex(f, o->insns_sha256, 32);
	fprintf(f, "\n * metadata: %zu bytes, sha256 ", o->data_sz);
	hex(f, o->data_sha256, 32);
	fprintf(f, "\n * signatures:");
	for (i = 0; i < nr_sigs; i++)
		fprintf(f, " %s (%zu bytes)", sig_id(&sigs[i]), sigs[i].der_len);
	fprintf(f, "%s\n */\n", nr_sigs ? "" : " none");
	fprintf(f, "#ifndef TINYSKEL_LSKEL_%s_H\n#define TINYSKEL_LSKEL_%s_H\n\n", n, n);
	/* <tinyskel.h>, the types BPF data is spelled with, and the names
	 * bpftool's header brings (union bpf_attr, syscall, KEY_SPEC_*). */
	fprintf(f, "#include <tinyskel_lskel.h>\n\n");
	for (i = 0; i < o->nr_maps; i++)
		sg_c_name_guard(f, "map", o->maps[i].ident);
	for (i = 0; i < o->nr_progs; i++)
		sg_c_name_guard(f, "program", o->progs[i].ident);
	if (emit_struct(f, o, asserts))
		goto out;
	fflush(asserts);
	fprintf(f, "/* The loader writes fds at these offsets; global data keeps the BPF layout. */\n");
	fprintf(f, "TSK_ASSERT(offsetof(struct %s, links) == %zu);\n", n,
		sizeof(struct tinyskel_loader_ctx) + o->nr_maps * sizeof(struct tinyskel_map_desc) +
			o->nr_progs * sizeof(struct tinyskel_prog_desc));
	fwrite(asserts_buf, 1, asserts_len, f);
	fprintf(f, "\n");
	if (emit_data(f, o, sigs, nr_sigs, err, errlen))
		goto out;
	emit_info(f, o);
	emit_functions(f, o);
	fprintf(f, "#endif /* TINYSKEL_LSKEL_%s_H */\n", n);
	ret = ferror(f) ? -1 : 0;
out:
	fclose(asserts);
	free(asserts_buf);
	return ret;
}
