/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * tinyskel_guard.h - what the device's BPF guard (guard/guard.bpf.c, loaded
 * at boot by tinyskel-guard) and user space share: its sealed configuration,
 * its counters and its event log.  One definition for the three sides: the
 * BPF program, the tool, and the runtime (which reads the kernel facts the
 * boot-time loader recorded, so that a process started after the guard
 * needs no unsigned probe load).
 *
 * Every struct has fixed-width fields and explicit padding: the BPF side is
 * 64-bit, user space may be 32-bit (armv7).
 *
 * Pinned under the guard's directory (TINYSKEL_GUARD_DIR, default
 * /sys/fs/bpf/tinyskel-guard, mode 0700, root):
 *   config   ARRAY[1] of struct tinyskel_guard_config, frozen before attach
 *   stats    ARRAY[1] of struct tinyskel_guard_stats
 *   events   ARRAY[TINYSKEL_GUARD_EVENTS] of struct tinyskel_guard_event,
 *            slot = seq % TINYSKEL_GUARD_EVENTS (the oldest is overwritten)
 *   PROG_link one link per hook (guard_prog_load_link, ...)
 * The guard refuses a writable fd to any of its maps once attached.
 */
#ifndef TINYSKEL_GUARD_H
#define TINYSKEL_GUARD_H

#ifndef __bpf__
#include <stdint.h>
#endif

#define TINYSKEL_GUARD_MAGIC 0x64726175u /* "uard" */
#define TINYSKEL_GUARD_VERSION 1u
#define TINYSKEL_GUARD_DIR_DEFAULT "/sys/fs/bpf/tinyskel-guard"
#define TINYSKEL_GUARD_EVENTS 256
#define TINYSKEL_GUARD_MAX_IDS 8

/* What the boot-time loader's probes answered (struct tinyskel_features,
 * fixed width), before the guard refused unsigned loads. */
struct tinyskel_guard_facts {
	uint32_t probed, prog_syscall, excl_maps, signature_maps, loadtime, verify;
	uint32_t btf, map_hash_read, map_excl_word, layout_probed;
	int32_t probe_err[5];
	int32_t layout_err[2];
	uint32_t pad;
};

/* flags */
#define TINYSKEL_GUARD_F_SIG_VERDICT 1u /* the kernel exposes prog->aux->sig (7.x): checked too */

struct tinyskel_guard_config {
	uint32_t magic, version;
	int32_t keyring_id;     /* the keyring every signed user-space load must name */
	uint32_t flags;
	uint64_t bpffs_dev;     /* s_dev of the bpffs holding the pins (never unmounted) */
	uint64_t dir_ino;       /* the pin directory (nothing in it unlinked or renamed, nor it) */
	uint32_t mnt_ids[TINYSKEL_GUARD_MAX_IDS]; /* that bpffs mount and its ancestors: no umount */
	uint32_t map_ids[TINYSKEL_GUARD_MAX_IDS]; /* the guard's maps: no writable fd */
	uint32_t prog_ids[TINYSKEL_GUARD_MAX_IDS]; /* the guard's programs: their links not detached */
	struct tinyskel_guard_facts facts;
};

/* Why a decision was taken (event.reason, and one counter each). */
enum tinyskel_guard_reason {
	TINYSKEL_GUARD_ALLOW_SIGNED = 0,   /* user space, signed, trusted keyring (verified by the kernel) */
	TINYSKEL_GUARD_ALLOW_KERNEL,       /* made by a signed loader (kernel == true) */
	TINYSKEL_GUARD_DENY_UNSIGNED,      /* user space, no signature */
	TINYSKEL_GUARD_DENY_KEYRING,       /* signed, but not with the trusted keyring */
	TINYSKEL_GUARD_DENY_VERDICT,       /* 7.x: the kernel's verdict is not "verified" */
	TINYSKEL_GUARD_DENY_CONFIG,        /* the guard's config is missing: everything refused */
	TINYSKEL_GUARD_DENY_LINK,          /* BPF_LINK_DETACH/UPDATE of the guard's own link */
	TINYSKEL_GUARD_DENY_MAP_WRITE,     /* a writable fd to one of the guard's maps */
	TINYSKEL_GUARD_DENY_UNLINK,        /* unlink in the pin directory */
	TINYSKEL_GUARD_DENY_RENAME,        /* rename in, out of, or of the pin directory */
	TINYSKEL_GUARD_DENY_UMOUNT,        /* umount of its bpffs or of a mount above it */
	TINYSKEL_GUARD_REASONS
};

struct tinyskel_guard_stats {
	uint64_t count[TINYSKEL_GUARD_REASONS]; /* one per reason */
	uint64_t events;                        /* events written (next seq) */
};

#define TINYSKEL_GUARD_EV_SIGNED 1u  /* the load carried a signature */
#define TINYSKEL_GUARD_EV_KERNEL 2u  /* kernel == true */
#define TINYSKEL_GUARD_EV_VERDICT 4u /* sig_verdict/sig_keyring are the kernel's (7.x) */

struct tinyskel_guard_event {
	uint64_t seq;           /* 1 + the event's number; 0: slot never written */
	uint64_t time_ns;       /* CLOCK_BOOTTIME */
	uint32_t pid, uid;
	char comm[16];
	uint32_t reason;        /* enum tinyskel_guard_reason; < DENY_UNSIGNED: allowed */
	uint32_t flags;         /* TINYSKEL_GUARD_EV_* */
	uint32_t prog_type;     /* loads: attr->prog_type */
	int32_t keyring_id;     /* loads: attr->keyring_id */
	char name[16];          /* loads: attr->prog_name; others: the file name or command */
	uint32_t sig_verdict;   /* 7.x: prog->aux->sig.verdict */
	int32_t sig_keyring;    /* 7.x: prog->aux->sig.keyring_serial */
	uint32_t cmd;           /* lsm/bpf: the command refused */
	uint32_t pad;
};

#ifndef __bpf__
_Static_assert(sizeof(struct tinyskel_guard_facts) == 72, "guard facts layout");
_Static_assert(sizeof(struct tinyskel_guard_config) == 32 + 96 + 72, "guard config layout");
_Static_assert(sizeof(struct tinyskel_guard_event) == 88, "guard event layout");
#endif

#endif /* TINYSKEL_GUARD_H */
