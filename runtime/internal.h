/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* internal.h - helpers shared by the runtime's files; not installed. */
#ifndef TINYSKEL_INTERNAL_H
#define TINYSKEL_INTERNAL_H

#include <stdint.h>
#include <string.h>

#include "tinyskel.h"
#include "tinyskel_uapi.h"
#include "config.h"
#include "sys.h"

#define TSK_PTR(p) ((uint64_t)(uintptr_t)(p))
#define TSK_AT(skel, off, type) ((type *)(void *)((char *)(skel) + (off)))

/* What tinyskel_load decided before touching the kernel. */
struct tsk_plan {
	uint32_t scheme;                       /* whose steps and instructions */
	const struct tinyskel_signature *sig;  /* NULL for TINYSKEL_SCHEME_NONE */
	uint32_t send_sig;                     /* pass sig to BPF_PROG_LOAD */
	const uint8_t *insns;                  /* instructions to load (NULL: rebuild sig's) */
	const uint8_t *sig_der;                /* sig's DER (NULL: assemble it, sig_shared) */
	uint32_t insns_sz;
	const uint8_t *insns_sha256;
	int32_t keyring_id;
	uint32_t unsigned_fallback;            /* NONE chosen because the kernel cannot verify */
	const char *skipped;                   /* why a scheme the header carries was passed over */
};

/* A reason written where a check fails.  Without CONFIG_ERROR_STRINGS the
 * reason is the step's name (fail.c), so the text is not built in: "" is
 * what remains (non-NULL: a check still reports that it failed). */
#ifdef CONFIG_ERROR_STRINGS
#define TSK_WHY(s) (s)
#else
#define TSK_WHY(s) ("")
#endif

/* loader_ret.c: a loader that returned ret < 0 (tinyskel.h, TINYSKEL_LOADER_*):
 * step LOADER with the decoded errno and a reason naming the refused program
 * and where its verifier log is (log_where), or tampered metadata. */
enum { TSK_LOG_NONE, TSK_LOG_NO_LEVEL, TSK_LOG_OPTS, TSK_LOG_SKEL };
int tsk_loader_failed(const struct tinyskel_skel_info *info, int32_t ret, uint32_t log_where, int no_btf,
		      struct tinyskel_result *res);

/* Record a failure in res and return err. */
int tsk_fail(struct tinyskel_result *res, uint32_t step, int err, const char *reason);

/* The same for the after-load helpers, where res may be NULL (op_fail.c). */
int tsk_op_fail(struct tinyskel_result *res, uint32_t step, int err, const char *reason);

/* ringbuf_size.c: the data size of ring buffer map `map_fd` (a power of
 * two) when its map type is `type`; -EINVAL for another map, or -errno. */
long tsk_ringbuf_size(int map_fd, uint32_t type);

/* BPF_OBJ_GET_INFO_BY_FD of a map into *mi (cleared first, fields up to
 * map_extra): 0 or -errno.  One query for every family that checks a map
 * it was handed (ring buffers, perf buffers, the guard's pins). */
long tsk_map_info(int map_fd, struct tsk_bpf_map_info *mi);

/* Reason for a failed step given its errno (reason.c). */
const char *tsk_reason(uint32_t step, uint32_t scheme, int err);
/* reason.c: the same for BPF_PROG_LOAD of the loader, naming the kernel's
 * keyring answers (the .bpf keyring, -9) as keyring errors. */
const char *tsk_prog_load_reason(const struct tsk_plan *plan, int err);

/* opts.c: copy the caller's options (NULL: all zero), refusing sizes,
 * values and fields this library does not know. */
int tsk_opts_read(const struct tinyskel_opts *user, struct tinyskel_opts *opts, struct tinyskel_result *res);
/* opts.c: a locked build's floor (CONFIG_POLICY_LOCKED): 0, or -EPERM at step
 * policy when o asks for less than the build (also for skel->keyring_id). */
int tsk_opts_floor(const struct tinyskel_opts *o, struct tinyskel_result *res);

/* sealed.c: before a signed load, refuse (-EPERM, naming the map) an app's
 * changed max_entries or read-only values; the loader then takes those
 * from the signed blob. */
int tsk_sealed_check(const struct tinyskel_skel_info *info, const void *skel, void *ctx,
		     struct tinyskel_result *res);

/* scheme.c: policy and probes -> plan. */
int tsk_plan_load(const struct tinyskel_blob *blob, const struct tinyskel_opts *opts,
		  struct tinyskel_result *res, struct tsk_plan *plan);

/* probe.c: the cached answer to "can maps be exclusive"; -1 unknown. */
int tsk_probe_excl_known(void);
void tsk_probe_excl_set(int yes);

/* probe_layout.c: which in-loader variant this kernel verifies (flags of
 * the signature entry to use), or -EOPNOTSUPP with the reason in *why. */
int tsk_inloader_variant(const struct tinyskel_features *f, uint32_t *flags, const char **why);
void tsk_probe_layout_reset(void);
/* guard_facts.c: the kernel facts the boot-time loader recorded in the
 * device guard's sealed config, as tinyskel_probe() and
 * tinyskel_probe_layout() answered them then (0; out may be NULL), or -ENOENT when no guard is pinned at
 * CONFIG_GUARD_DIR (cached with the probes), or a transient -errno. */
int tsk_guard_facts(struct tinyskel_features *out);
/* The keyring the guard trusts (its config's keyring_id), cached likewise. */
int tsk_guard_keyring(int32_t *out);
void tsk_guard_reset(void);

/* fd_good.c, fd_low.c: fds in 0..2 moved up (returns fd >= 3 or a negative errno, the
 * low fd closed), and the holes below 3 filled while the loader runs. */
#define TSK_FIRST_GOOD_FD 3
struct tsk_low_fds {
	int fd[3];
	unsigned int n;
};
long tsk_fd_good(long fd);
long tsk_fd_fill_low(long fd, struct tsk_low_fds *held);
void tsk_fd_release_low(struct tsk_low_fds *held);

#define TSK_KIND(k) (1u << (k))

/* attach_kind.c: 0 when p's kind is in kinds (bits 1u << kind) and, for
 * kinds in need_target, it has a target; else -EINVAL. */
int tsk_attach_kind_ok(const struct tinyskel_prog_info *p, uint32_t kinds, uint32_t need_target);
/* raw_tp_open.c: BPF_RAW_TRACEPOINT_OPEN of prog_fd at name (NULL: the
 * program's own BTF target). */
int tsk_raw_tp_open(const char *name, int prog_fd);

/* pin.c: pin fd at `name` in the directory dir_fd (BPF_F_PATH_FD, 6.5+);
 * on older kernels at `path` (the same place, by name).  Failures in res. */
int tsk_pin_at(int fd, int dir_fd, const char *name, const char *path, struct tinyskel_result *res);

/* globals_map.c, globals_unmap.c: map/unmap global data; close_fd.c: close one fd slot. */
int tsk_globals_map(const struct tinyskel_skel_info *info, void *skel, struct tinyskel_result *res);
void tsk_globals_unmap(const struct tinyskel_skel_info *info, void *skel);
void tsk_close_fd(int *fd);

/* attach_slot.c: attach with a target into a program's link slot.
 * tsk_slot_prog returns the program fd (slot free) or a failure;
 * tsk_slot_attach stores link (>= 0) or records the failure. */
int tsk_slot_prog(const struct tinyskel_skel_info *info, void *skel, uint32_t idx, struct tinyskel_result *res);
int tsk_slot_attach(const struct tinyskel_skel_info *info, void *skel, uint32_t idx, int link,
		    struct tinyskel_result *res, const char *reason);

/* attach_perf_link.c: a perf event fd -> BPF link (or the perf fd itself
 * before 5.15).  Takes the perf fd: closed on failure or once the link holds it. */
int tsk_perf_link(int pfd, int prog_fd);

/* A global map's mapping: length in whole device pages, skel pointer slot. */
static inline size_t tsk_map_len(uint32_t value_size, size_t page)
{
	return ((size_t)value_size + page - 1) / page * page;
}

static inline void **tsk_global_ptr(const struct tinyskel_map_info *m, void *skel)
{
	return m->ptr_off == TINYSKEL_NO_OFF ? NULL : TSK_AT(skel, m->ptr_off, void *);
}

static inline int tsk_is_mapped(const struct tinyskel_map_info *m, void *skel)
{
	void **p = tsk_global_ptr(m, skel);

	return p && *p && (m->init_off == TINYSKEL_NO_OFF || *p != TSK_AT(skel, m->init_off, void));
}


#endif /* TINYSKEL_INTERNAL_H */
