/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * model.h - what skelgen knows about one BPF object once libbpf has
 * generated its loader: everything the header emitter and the signer need,
 * and nothing of libbpf's types beyond the BTF used for global data.
 */
#ifndef SKELGEN_MODEL_H
#define SKELGEN_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "tinyskel.h"

#define SG_IDENT_MAX 64
#define SG_TARGET_MAX 256

struct btf;

struct sg_map {
	char ident[SG_IDENT_MAX];   /* skel->maps.IDENT, skel->IDENT for globals */
	uint32_t value_size;
	int global;                 /* internal mmapable map: .bss/.data/.rodata/... */
	int readonly;               /* BPF_F_RDONLY_PROG: mapped read-only */
	int blob_view;              /* internal, frozen, not mmapable: a view of the blob's copy */
	int64_t init_blob_off;      /* initial value inside data, -1 if all zeros */
	int32_t datasec_id;         /* BTF DATASEC describing it, -1 if none */
};

struct sg_prog {
	char ident[SG_IDENT_MAX];
	char section[SG_TARGET_MAX];
	uint32_t attach;            /* enum tinyskel_attach_kind */
	char target[SG_TARGET_MAX]; /* tracepoint or function, "" if none */
};

struct sg_object {
	char name[SG_IDENT_MAX];    /* skeleton name: NAME__open, struct NAME */
	char path[4096];            /* for messages */
	uint8_t *insns;
	size_t insns_sz;
	uint8_t *data;
	size_t data_sz;
	uint8_t insns_sha256[32];
	uint8_t data_sha256[32];
	/* The signed loader: insns sealed (gen/loader.h), what every scheme signs
	 * (the in-loader variants add their check on top of it). */
	uint8_t *sealed;
	size_t sealed_sz;
	uint8_t sealed_sha256[32];
	struct sg_map *maps;
	size_t nr_maps;
	struct sg_prog *progs;
	size_t nr_progs;
	struct btf *btf;            /* owned copy of the object's BTF, or NULL */
	int big_endian;             /* a `-target bpfeb` object: loader, blob and header are big-endian */
};

/* One signature to emit.  insns == NULL: it covers the object's own insns. */
struct sg_sig {
	uint32_t scheme;            /* enum tinyskel_scheme */
	uint8_t *der;
	size_t der_len;
	uint8_t *insns;
	size_t insns_sz;
	uint8_t insns_sha256[32];
	uint32_t flags;             /* enum tinyskel_sig_flags (in-loader variant) */
	struct tinyskel_edit *edits; /* insns as edits of the object's (gen/compact.h) */
	size_t nr_edits;
	uint32_t check_at;          /* TINYSKEL_SIG_HASH_CHECK in flags: where (gen/compact.h) */
};

/* The device kernel __kconfig externs take their values from (never the
 * build host's): its .config text, KERNEL_VERSION(a, b, c) and arch
 * (uname -m spelling); NULL/0 where not given. */
struct sg_target {
	const char *kconfig;
	uint32_t kernel_version;
	const char *arch;
};

/* object.c */
int sg_object_open(const char *path, const char *name, struct sg_object *obj, char *err, size_t errlen);
/* The same for a target kernel (__kconfig externs it cannot resolve for
 * that kernel are refused, kconfig.h). */
int sg_object_open_target(const char *path, const char *name, const struct sg_target *target,
			  struct sg_object *obj, char *err, size_t errlen);
void sg_object_free(struct sg_object *obj);

/* --target-endian: the byte order the header must be for; an object of the
 * other order is refused by name (the loader is generated in the object's
 * order: compile it with clang -target bpfeb or bpfel).  Default: any. */
enum sg_endian { SG_ENDIAN_ANY, SG_ENDIAN_LITTLE, SG_ENDIAN_BIG };
void sg_object_target_endian(enum sg_endian want);

/* Default skeleton name from a path: "dir/watch.bpf.o" -> "watch". */
int sg_name_from_path(const char *path, char *out, size_t size);

#endif /* SKELGEN_MODEL_H */
