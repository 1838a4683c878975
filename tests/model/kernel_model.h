/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * kernel_model.h - a model of the kernel's BPF signing checks, linked in
 * place of runtime/sys/ (test layer 3, see DESIGN.md "Testing layers").
 *
 * The model implements what each kernel kind checks, from the bytes the
 * runtime actually uploaded (map values, freeze state, exclusivity,
 * fd_array, signature_maps), with OpenSSL for PKCS#7/CMS against the
 * certificates of a modelled keyring.  It does not interpret BPF: running a
 * loader simulates libbpf's loader (fds written into the skeleton at the
 * descriptor offsets), after evaluating the in-loader metadata-hash check if
 * the instructions carry one.  SCHEMES.md is the specification; each rule
 * below names the errno SCHEMES.md gives.
 *
 * File descriptors handed out by the model start at KM_FD_BASE so that a
 * mix-up with a real descriptor shows.  Map values live in real shared
 * memory (memfd), and tsk_sys_mmap maps that memory again with the
 * protection asked for, so a write to a read-only global faults as on a
 * real kernel.
 */
#ifndef KERNEL_MODEL_H
#define KERNEL_MODEL_H

#include <stddef.h>
#include <stdint.h>

#define KM_FD_BASE 100

/* The kernel kinds of SCHEMES.md. */
enum km_kernel {
	KM_6_18_NOVERIFY = 0, /* this machine: 6.18 without SYSTEM_DATA_VERIFICATION:
			       * signed loads -> EOPNOTSUPP */
	KM_6_18_VERIFY,       /* 6.18 LTS with verification: signature over insns (inloader) */
	KM_CHAIN,             /* 6.18 + hash-chain patch: signature_maps UAPI */
	KM_LOADTIME,          /* 7.3-era: insns || map values verified at load */
	KM_PRE_6_18,          /* 6.14-6.17: no signature fields (E2BIG), no exclusive maps */
	KM_KERNEL__COUNT
};

struct km_config {
	enum km_kernel kernel;
	/* sizeof(union bpf_attr) of the modelled kernel; 0: the kind's own
	 * (152 before 6.18, 168 on 6.18 and the loadtime kernel, 184 with the
	 * chain UAPI).  Non-zero bytes past it: E2BIG; past a command's last
	 * field but inside it: EINVAL. */
	uint32_t union_size;
	/* chain kernel as first measured: an unfrozen map is hashed anyway
	 * (default: the 2026 fix, EPERM). */
	int chain_unfrozen_ok;
	/* loadtime kernel of an early revision: non-exclusive map -> EINVAL
	 * instead of EPERM. */
	int loadtime_nonexcl_einval;
	/* A kernel of this kind built without CONFIG_SYSTEM_DATA_VERIFICATION:
	 * the PKCS#7 step answers EOPNOTSUPP wherever it comes in the kind's
	 * order of checks (KM_6_18_NOVERIFY is 6.18 with this set). */
	int no_verification;
	/* Simulate a runtime that forgot a step: BPF_MAP_FREEZE succeeds but
	 * freezes nothing; BPF_MAP_CREATE ignores excl_prog_hash. */
	int freeze_noop;
	int excl_noop;
	/* Non-zero: every loader run returns this (after the in-loader check). */
	int loader_retval;
	/* tsk_sys_pagesize(); 0: 4096. */
	size_t page_size;
	/* The skeleton layout the simulated loader fills in (map and prog fds
	 * at the descriptor offsets, global data copied from initial_value).
	 * NULL: loader runs write nothing. */
	const void *skel_info; /* const struct tinyskel_skel_info * */
};

/* Forget everything (objects, mappings, keyrings, failures, counters) and
 * model a new kernel.  Keyrings 0, 1, 2 (builtin, secondary, platform)
 * exist and are empty.  Does not reset the runtime's probe cache. */
void km_reset(const struct km_config *cfg);
void km_cleanup(void); /* free everything (end of a test) */
const struct km_config *km_config(void);

/* Add the PEM certificate at `pem_path` to keyring `id`, creating the
 * keyring if needed (NULL path: just create it).  Returns 0 or -1. */
int km_keyring_add(int32_t id, const char *pem_path);

/* Make the nth call (1-based; 0: every call) of `call` fail with `err`
 * (a negative errno).  `call` is a bpf command or one of KM_CALL_*. */
enum { KM_CALL_MMAP = 100, KM_CALL_PERF_OPEN, KM_CALL_IOCTL, KM_CALL_CLOSE, KM_CALL_READ_FILE };
void km_fail(int call, unsigned int nth, int err);

/* A tracefs/sysfs file for tsk_sys_read_file. */
void km_set_file(const char *path, const char *content);

#define KM_LOG_MAX 256
struct km_call {
	int call;         /* bpf command or KM_CALL_* */
	unsigned int size;
	long ret;
};

/* What the last BPF_PROG_LOAD asked for. */
struct km_load {
	unsigned int attr_size;
	uint32_t insn_cnt;
	uint8_t insns_sha256[32];
	int signed_;            /* signature != 0 */
	uint32_t signature_size;
	int32_t keyring_id;
	uint32_t fd_array_cnt;
	uint32_t signature_maps_size;
	int32_t signature_map0; /* first index, -1 if none */
	long ret;
	const char *why;        /* the model's reason for a refusal, "" if accepted */
};

struct km_stats {
	unsigned int calls[128];     /* per bpf command / KM_CALL_* */
	unsigned int probe_loads;    /* BPF_PROG_LOAD of 2-instruction programs */
	unsigned int loader_runs;
	unsigned int inloader_checks;   /* hash words compared by in-loader checks */
	int inloader_at_entry;          /* 1: first check at the first ja's target */
	unsigned int bad_closes;     /* close of an fd the model never gave out */
	unsigned int bad_munmaps;
	unsigned int nr_log;
	struct km_call log[KM_LOG_MAX];
	struct km_load last_load;
	unsigned int sig_checks;     /* PKCS#7 verifications attempted */
	int last_map_exclusive;      /* the last BPF_MAP_CREATE made an exclusive map */
};
const struct km_stats *km_stats(void);

/* fds the model gave out and nobody closed; mappings not unmapped. */
int km_open_fds(void);
int km_open_mmaps(void);
/* Print the open fds (kind, refs) to stderr, for failing tests. */
void km_dump(void);

/* A map's state, for assertions.  Returns 0 or -1 (not a map fd). */
struct km_map_view {
	uint32_t value_size, max_entries;
	int frozen, exclusive;
	const uint8_t *value;
	uint8_t excl_hash[32];
};
int km_map_view(int fd, struct km_map_view *out);

/* 1 if `fd` is an open program fd; its signature verdict in *verified. */
int km_is_prog(int fd, int *verified);

#endif /* KERNEL_MODEL_H */
