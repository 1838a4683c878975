/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * fake_sys.h - a scripted stand-in for runtime/sys/ (the syscall layer) in unit tests.
 *
 * It records every call, hands out fd numbers it tracks (so tests can assert
 * that nothing is left open), can fail the Nth call with a chosen errno, and
 * plays a successful loader on BPF_PROG_RUN by writing fds into the
 * skeleton the way libbpf's loader does.
 */
#ifndef TINYSKEL_FAKE_SYS_H
#define TINYSKEL_FAKE_SYS_H

#include <stdint.h>

#include "tinyskel.h"

enum fake_call {
	FAKE_BPF, FAKE_CLOSE, FAKE_MMAP, FAKE_MUNMAP, FAKE_READ, FAKE_PERF, FAKE_IOCTL, FAKE_DUP,
	FAKE_OPEN, FAKE_PREAD, FAKE_UNLINK, FAKE_EPOLL_CREATE, FAKE_EPOLL_ADD, FAKE_EPOLL_WAIT,
	FAKE_STAT,
};

#define FAKE_MAX_CALLS 256

struct fake_rec {
	int call;          /* enum fake_call */
	int cmd;           /* bpf command, or ioctl request low bits */
	unsigned size;     /* attr size */
	long ret;
	uint8_t attr[192]; /* copy of the attr as passed */
	char text[64];     /* perf: the string at config1 (kprobe/uprobe target) */
};

struct fake_state {
	/* script */
	int fail_at;        /* index of the call to fail, -1 none */
	int fail_err;       /* negative errno */
	int fail_cmd;       /* fail every bpf() call of this command, -1 none */
	int loader_retval;  /* BPF_PROG_RUN's retval */
	const struct tinyskel_skel_info *info; /* for the loader's writes */
	const char *log_text; /* written to log_buf on BPF_PROG_LOAD failure */
	int excl_supported; /* map create with excl_prog_hash accepted */
	int verify_err;     /* what signed loads answer (default -EOPNOTSUPP) */
	int probe_sig_err;  /* what the junk-signature probe answers (default -EOPNOTSUPP) */
	int chain_supported;
	int layout_err[2];  /* the layout probe's map reads (offset 0, excl offset): 0 accepts */
	/* Bit i (0-2): the app closed fd i.  Non-zero: new fds take the lowest
	 * free number, as the kernel's do (0: numbered from 3 up). */
	unsigned std_closed;
	/* after-load helpers */
	uint32_t map_type, max_entries; /* what BPF_OBJ_GET_INFO_BY_FD reports for a map */
	int bpf_ret;                    /* value other bpf() commands return (default 0) */
	const uint8_t *file;            /* contents tsk_sys_pread serves */
	size_t file_size;
	const char *read_text;          /* tsk_sys_read_file's answer for other paths */
	int epoll_ready;                /* tags tsk_sys_epoll_wait reports (bits 0..15) */
	void *last_mmap;                /* the buffer tsk_sys_mmap_off returned last */
	/* The device guard (runtime/guard/): with guard_cfg set, its config map
	 * is pinned at CONFIG_GUARD_DIR/guard_config with these bytes. */
	const void *guard_cfg;
	uint32_t guard_cfg_size;
	int guard_fd;
	/* pinning: what tsk_sys_stat reports (fd: the directory; by name: an entry) and the euid */
	uint32_t dir_uid, dir_perm, euid;
	int name_is_link;
	int no_path_fd;                 /* BPF_OBJ_PIN refuses BPF_F_PATH_FD (-EINVAL), as before 6.5 */
	/* record */
	int ncalls;
	struct fake_rec rec[FAKE_MAX_CALLS];
	/* Called by BPF_PROG_RUN before it reads the context: a stand-in for
	 * another thread writing the skeleton between the checks and the run. */
	void (*before_run)(void);
	uint8_t run_ctx[TINYSKEL_LOADER_CTX_MAX]; /* the context BPF_PROG_RUN got */
	uint32_t run_ctx_sz;
	uint64_t run_log_buf; /* skeleton ctx.log_buf seen by BPF_PROG_RUN */
	uint32_t run_log_level;
	int open_fds;
	int maps_mapped;
	int next_fd;
};

extern struct fake_state fake;

/* Reset to a kernel like this machine's: 6.18, excl maps, no verification. */
void fake_reset(const struct tinyskel_skel_info *info);
int fake_count(int call, int cmd);

#endif
