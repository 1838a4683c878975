// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * tinyskel-guard - load the device's BPF guard at boot, and look at it.
 *
 *   tinyskel-guard boot --cert FILE.der [--dir DIR] [--strict] [INIT [ARG...]]
 *       As PID 1 (the kernel's init=, or first thing an initramfs runs):
 *       mount what is missing (proc, sysfs, bpffs), make the trusted keyring
 *       (below), load and pin the guard, then exec INIT (default /sbin/init)
 *       as PID 1.  Without --strict a failure is printed and INIT still runs.
 *   tinyskel-guard load --keyring ID [--dir DIR]
 *       Load the guard trusting keyring ID (0 builtin, 1 secondary, -9 .bpf,
 *       or a serial), configure, freeze, attach, pin under DIR.
 *   tinyskel-guard status [--dir DIR]   configuration, counters; exit 0 when active
 *   tinyskel-guard log [--dir DIR]      the event log, oldest first
 *
 * The trusted keyring (boot): PID 1 joins a new session keyring S, creates
 * keyring K in it holding the device certificate, restricts K (no key can
 * be added to it any more, by anyone) and leaves K's possessor rights to
 * nobody: S keeps only "view" for everyone, so no process, PID 1's children
 * included, can search, write, link, clear, invalidate or re-permission S or
 * K; S stays referenced by PID 1 (it survives exec), so K's serial is never
 * freed and reused.  The kernel takes K's serial as keyring_id without the
 * caller possessing it.  docs/guard.md has what this guarantees and not.
 *
 * DIR (default /sys/fs/bpf/tinyskel-guard) is created 0700 root; an existing
 * one not owned by root, writable by others, or not a directory on bpffs is
 * refused.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "guard.lskel.h"
#include "tinyskel_guard.h"

#define BPF_FS_MAGIC 0xcafe4a11
#define SYSFS_MAGIC 0x62656572
#define PROC_SUPER_MAGIC 0x9fa0

/* <linux/keyctl.h>, spelled out: the tool builds without kernel headers. */
#define KEYCTL_SETPERM 5
#define KEYCTL_JOIN_SESSION_KEYRING 1
#define KEYCTL_RESTRICT_KEYRING 29
#define KEY_POS_VIEW 0x01000000u
#define KEY_POS_READ 0x02000000u
#define KEY_POS_SEARCH 0x08000000u
#define KEY_USR_VIEW 0x00010000u

static const char *dir = TINYSKEL_GUARD_DIR_DEFAULT;

static const char *const reason_names[TINYSKEL_GUARD_REASONS] = {
	"allow-signed", "allow-kernel", "deny-unsigned", "deny-keyring", "deny-verdict", "deny-config",
	"deny-link",    "deny-map-write", "deny-unlink", "deny-rename", "deny-umount",
};

/* ---------------------------------------------------------------- the pin directory */

/* Create DIR 0700 root on bpffs, or accept an existing one only if it is a
 * real directory on bpffs, owned by root, writable by nobody else. */
static int safe_dir(const char *path)
{
	struct statfs sfs;
	struct stat st;
	int fd;

	if (mkdir(path, 0700) && errno != EEXIST) {
		fprintf(stderr, "tinyskel-guard: mkdir %s: %s\n", path, strerror(errno));
		return -1;
	}
	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) || fstatfs(fd, &sfs)) {
		fprintf(stderr, "tinyskel-guard: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if ((unsigned long)sfs.f_type != BPF_FS_MAGIC) {
		fprintf(stderr, "tinyskel-guard: %s is not on bpffs\n", path);
		close(fd);
		return -1;
	}
	if (st.st_uid != 0 || (st.st_mode & 022)) {
		fprintf(stderr, "tinyskel-guard: refusing %s: owned by uid %u, mode %03o (needs root, not group/other writable)\n",
			path, (unsigned)st.st_uid, (unsigned)(st.st_mode & 0777));
		close(fd);
		return -1;
	}
	if ((st.st_mode & 0777) != 0700 && fchmod(fd, 0700)) {
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* ---------------------------------------------------------------- ids */

static long bpf(int cmd, void *attr, unsigned size)
{
	return syscall(__NR_bpf, cmd, attr, size);
}

static uint32_t obj_id(int fd)
{
	struct { uint32_t type, id, pad[32]; } info;
	struct { uint32_t bpf_fd, info_len; uint64_t info; } attr;

	memset(&info, 0, sizeof(info));
	memset(&attr, 0, sizeof(attr));
	attr.bpf_fd = (uint32_t)fd;
	attr.info_len = 8; /* type and id: the same first two fields for maps and programs */
	attr.info = (uint64_t)(uintptr_t)&info;
	return bpf(15 /* BPF_OBJ_GET_INFO_BY_FD */, &attr, sizeof(attr)) ? 0 : info.id;
}

/* The mount id of path's mount and of each mount above it (mountinfo). */
static int mount_chain(const char *path, uint32_t ids[TINYSKEL_GUARD_MAX_IDS])
{
	static char line[4096];
	unsigned id[256], parent[256], n = 0, i, want, k = 0;
	char mp[4096];
	size_t best = 0;
	FILE *f = fopen("/proc/self/mountinfo", "re");

	if (!f)
		return -1;
	want = 0;
	while (n < 256 && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%u %u %*s %*s %4095s", &id[n], &parent[n], mp) != 3)
			continue;
		/* the longest mount point that is a prefix of path is path's mount */
		size_t l = strlen(mp);
		if (!strncmp(path, mp, l) && (path[l] == '/' || path[l] == 0 || l == 1) && l >= best) {
			best = l;
			want = id[n];
		}
		n++;
	}
	fclose(f);
	while (want && k < TINYSKEL_GUARD_MAX_IDS) {
		ids[k++] = want;
		for (i = 0; i < n && id[i] != want; i++)
			;
		if (i == n || parent[i] == want)
			break;
		want = parent[i];
	}
	return k ? 0 : -1;
}

/* ---------------------------------------------------------------- load */

static struct guard skel;

static int load(int32_t keyring)
{
	struct tinyskel_guard_config cfg;
	struct tinyskel_features f;
	struct tinyskel_opts opts;
	struct stat st;
	uint32_t key = 0;
	int err, i, cfg_fd;
	struct { uint32_t map_fd, pad; uint64_t key, value, flags; } elem;

	if (safe_dir(dir))
		return 1;
	/* The facts later processes read instead of probing, asked now, while
	 * unsigned probe loads still pass. */
	memset(&f, 0, sizeof(f));
	err = tinyskel_probe(&f);
	tinyskel_probe_layout(&f);
	if (err || !f.probed) {
		fprintf(stderr, "tinyskel-guard: kernel probes failed (%s)\n", strerror(-err));
		return 1;
	}
	if (!f.verify) {
		fprintf(stderr, "tinyskel-guard: this kernel cannot verify BPF signatures: no guard\n");
		return 1;
	}
	if (stat(dir, &st))
		return 1;

	if (guard__init(&skel))
		return 1;
	memset(&opts, 0, sizeof(opts));
	opts.sz = sizeof(opts);
	opts.policy = TINYSKEL_POLICY_REQUIRE_SIGNED; /* the guard itself loads verified, or not at all */
	opts.use_keyring = 1;
	opts.keyring_id = keyring;
	err = tinyskel_load(&guard__info_desc, &skel, &opts, &skel.result);
	if (err) {
		fprintf(stderr, "tinyskel-guard: load: %s: %s (%s)\n", tinyskel_step_name(skel.result.step),
			skel.result.reason, strerror(-err));
		return 1;
	}

	memset(&cfg, 0, sizeof(cfg));
	cfg.magic = TINYSKEL_GUARD_MAGIC;
	cfg.version = TINYSKEL_GUARD_VERSION;
	cfg.keyring_id = keyring;
	cfg.bpffs_dev = (uint64_t)st.st_dev;
	cfg.dir_ino = (uint64_t)st.st_ino;
	if (mount_chain(dir, cfg.mnt_ids)) {
		fprintf(stderr, "tinyskel-guard: cannot read /proc/self/mountinfo for %s\n", dir);
		goto fail;
	}
	cfg.map_ids[0] = obj_id(skel.maps.guard_config.map_fd);
	cfg.map_ids[1] = obj_id(skel.maps.guard_stats.map_fd);
	cfg.map_ids[2] = obj_id(skel.maps.guard_events.map_fd);
	cfg.map_ids[3] = obj_id(skel.maps.rodata.map_fd);
	cfg.map_ids[4] = obj_id(skel.maps.guard_state.map_fd);
	cfg.prog_ids[0] = obj_id(skel.progs.guard_prog_load.prog_fd);
	cfg.prog_ids[1] = obj_id(skel.progs.guard_bpf.prog_fd);
	cfg.prog_ids[2] = obj_id(skel.progs.guard_bpf_map.prog_fd);
	cfg.prog_ids[3] = obj_id(skel.progs.guard_unlink.prog_fd);
	cfg.prog_ids[4] = obj_id(skel.progs.guard_rename.prog_fd);
	cfg.prog_ids[5] = obj_id(skel.progs.guard_umount.prog_fd);
	cfg.prog_ids[6] = obj_id(skel.progs.guard_file_open.prog_fd);
	for (i = 0; i < 7; i++)
		if (!cfg.prog_ids[i] || (i < 5 && !cfg.map_ids[i]))
			goto fail;
	tinyskel_guard_facts_from(&cfg.facts, &f);

	/* Sealed: written once, frozen, then attached. */
	cfg_fd = skel.maps.guard_config.map_fd;
	memset(&elem, 0, sizeof(elem));
	elem.map_fd = (uint32_t)cfg_fd;
	elem.key = (uint64_t)(uintptr_t)&key;
	elem.value = (uint64_t)(uintptr_t)&cfg;
	if (bpf(2 /* BPF_MAP_UPDATE_ELEM */, &elem, sizeof(elem)) ||
	    bpf(22 /* BPF_MAP_FREEZE */, &elem, sizeof(uint32_t))) {
		fprintf(stderr, "tinyskel-guard: cannot write and freeze the config: %s\n", strerror(errno));
		goto fail;
	}
	if (guard__attach(&skel)) {
		fprintf(stderr, "tinyskel-guard: attach: %s (BPF LSM active? `bpf` in lsm=, trampolines)\n",
			strerror(errno));
		goto fail;
	}
	/* lsm/file_open learns from this open which mount holds the pins. */
	i = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (i >= 0)
		close(i);
	err = tinyskel_pin_skel(&guard__info_desc, &skel, dir, &skel.result);
	if (err) {
		fprintf(stderr, "tinyskel-guard: pin under %s: %s (%s)\n", dir, skel.result.reason, strerror(-err));
		goto fail;
	}
	printf("tinyskel-guard: active, pinned under %s, trusted keyring %d (loaded with scheme %s)\n", dir,
	       keyring, tinyskel_scheme_name(skel.result.scheme));
	guard__deinit(&skel); /* the pins hold it now */
	return 0;
fail:
	guard__deinit(&skel);
	return 1;
}

/* ---------------------------------------------------------------- boot */

static void ensure_mount(const char *type, const char *path, unsigned long magic)
{
	struct statfs s;

	mkdir(path, 0755);
	if (statfs(path, &s) == 0 && (unsigned long)s.f_type == magic)
		return;
	if (mount(type, path, type, MS_NOSUID | MS_NODEV | MS_NOEXEC, magic == BPF_FS_MAGIC ? "mode=0700" : NULL))
		fprintf(stderr, "tinyskel-guard: mount %s on %s: %s\n", type, path, strerror(errno));
}

static long keyctl(int op, unsigned long a, unsigned long b, unsigned long c)
{
	return syscall(__NR_keyctl, op, a, b, c, 0);
}

/* The trusted keyring K (file comment): returns its serial, or -1. */
static int32_t make_keyring(const char *cert)
{
	static unsigned char der[16384];
	long s, k, c;
	ssize_t n;
	int fd = open(cert, O_RDONLY | O_CLOEXEC);

	n = fd < 0 ? -1 : read(fd, der, sizeof(der));
	if (fd >= 0)
		close(fd);
	if (n <= 0) {
		fprintf(stderr, "tinyskel-guard: cannot read %s\n", cert);
		return -1;
	}
	s = keyctl(KEYCTL_JOIN_SESSION_KEYRING, (unsigned long)"_tinyskel_guard", 0, 0);
	k = s < 0 ? -1 : syscall(__NR_add_key, "keyring", "tinyskel-guard", NULL, 0, (int32_t)s);
	c = k < 0 ? -1 : syscall(__NR_add_key, "asymmetric", "tinyskel-guard-device", der, (size_t)n, (int32_t)k);
	if (c < 0 || keyctl(KEYCTL_RESTRICT_KEYRING, (unsigned long)k, 0, 0) ||
	    keyctl(KEYCTL_SETPERM, (unsigned long)k, KEY_POS_VIEW | KEY_POS_READ | KEY_POS_SEARCH | KEY_USR_VIEW, 0) ||
	    keyctl(KEYCTL_SETPERM, (unsigned long)s, KEY_POS_VIEW | KEY_USR_VIEW, 0)) {
		fprintf(stderr, "tinyskel-guard: trusted keyring: %s\n", strerror(errno));
		return -1;
	}
	printf("tinyskel-guard: trusted keyring %ld (restricted; session keyring %ld sealed)\n", k, s);
	return (int32_t)k;
}

static int boot(const char *cert, int strict, char **init_argv)
{
	static char *default_init[] = { "/sbin/init", NULL };
	int32_t k;
	int err = 1;

	if (fcntl(1, F_GETFD) < 0) {
		int fd;

		ensure_mount("devtmpfs", "/dev", 0x1373);
		fd = open("/dev/console", O_RDWR);
		if (fd >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
			if (fd > 2)
				close(fd);
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	ensure_mount("proc", "/proc", PROC_SUPER_MAGIC);
	ensure_mount("sysfs", "/sys", SYSFS_MAGIC);
	ensure_mount("bpf", "/sys/fs/bpf", BPF_FS_MAGIC);
	k = cert ? make_keyring(cert) : -1;
	if (k != -1)
		err = load(k);
	if (err) {
		fprintf(stderr, "tinyskel-guard: GUARD NOT ACTIVE%s\n", strict ? " (--strict: not starting init)" : "");
		if (strict)
			for (;;)
				pause();
	}
	if (!init_argv[0])
		init_argv = default_init;
	execv(init_argv[0], init_argv);
	fprintf(stderr, "tinyskel-guard: exec %s: %s\n", init_argv[0], strerror(errno));
	return 1;
}

/* ---------------------------------------------------------------- status, log */

static int status(void)
{
	struct tinyskel_guard_config cfg;
	struct tinyskel_guard_stats st;
	struct tinyskel_result res;
	int err = tinyskel_guard_read(dir, &cfg, &st, &res), i;

	if (err) {
		printf("tinyskel-guard: not active (%s: %s)\n", res.reason, strerror(-err));
		return 1;
	}
	printf("guard %s: trusted keyring %d\n", dir, cfg.keyring_id);
	printf("kernel: prog_syscall=%u excl_maps=%u signature_maps=%u loadtime=%u verify=%u btf=%u\n",
	       cfg.facts.prog_syscall, cfg.facts.excl_maps, cfg.facts.signature_maps, cfg.facts.loadtime,
	       cfg.facts.verify, cfg.facts.btf);
	for (i = 0; i < TINYSKEL_GUARD_REASONS; i++)
		printf("%-15s %llu\n", reason_names[i], (unsigned long long)st.count[i]);
	printf("%-15s %llu\n", "events", (unsigned long long)st.events);
	return 0;
}

static struct tinyskel_guard_event events[TINYSKEL_GUARD_EVENTS];

static int cmp_seq(const void *a, const void *b)
{
	const struct tinyskel_guard_event *x = a, *y = b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int print_log(void)
{
	struct tinyskel_result res;
	int err = tinyskel_guard_events(dir, events, &res), i;

	if (err) {
		printf("tinyskel-guard: no log (%s: %s)\n", res.reason, strerror(-err));
		return 1;
	}
	qsort(events, TINYSKEL_GUARD_EVENTS, sizeof(events[0]), cmp_seq);
	for (i = 0; i < TINYSKEL_GUARD_EVENTS; i++) {
		const struct tinyskel_guard_event *e = &events[i];

		if (!e->seq)
			continue;
		printf("%llu %llu.%06llu pid=%u uid=%u comm=%.16s %s", (unsigned long long)e->seq,
		       (unsigned long long)(e->time_ns / 1000000000ull),
		       (unsigned long long)(e->time_ns % 1000000000ull / 1000), e->pid, e->uid, e->comm,
		       e->reason < TINYSKEL_GUARD_REASONS ? reason_names[e->reason] : "?");
		if (e->reason <= TINYSKEL_GUARD_DENY_CONFIG)
			printf(" prog_type=%u name=%.16s signed=%u kernel=%u keyring=%d", e->prog_type, e->name,
			       !!(e->flags & TINYSKEL_GUARD_EV_SIGNED), !!(e->flags & TINYSKEL_GUARD_EV_KERNEL),
			       e->keyring_id);
		else
			printf(" target=%.16s id/cmd=%u", e->name, e->cmd);
		if (e->flags & TINYSKEL_GUARD_EV_VERDICT)
			printf(" verdict=%u sig_keyring=%d", e->sig_verdict, e->sig_keyring);
		printf("\n");
	}
	return 0;
}

/* ---------------------------------------------------------------- main */

static int usage(void)
{
	fprintf(stderr, "usage: tinyskel-guard boot --cert FILE.der [--dir DIR] [--strict] [INIT [ARG...]]\n"
			"       tinyskel-guard load --keyring ID [--dir DIR]\n"
			"       tinyskel-guard status|log [--dir DIR]\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *cert = NULL, *cmd = argc > 1 ? argv[1] : "";
	int i, strict = 0, have_keyring = 0;
	long keyring = 0;
	char *end;

	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--dir") && i + 1 < argc)
			dir = argv[++i];
		else if (!strcmp(argv[i], "--cert") && i + 1 < argc)
			cert = argv[++i];
		else if (!strcmp(argv[i], "--strict"))
			strict = 1;
		else if (!strcmp(argv[i], "--keyring") && i + 1 < argc) {
			keyring = strtol(argv[++i], &end, 0);
			if (*end || keyring < INT32_MIN || keyring > INT32_MAX)
				return usage();
			have_keyring = 1;
		} else if (argv[i][0] == '-')
			return usage();
		else
			break;
	}
	if (!strcmp(cmd, "boot"))
		return cert ? boot(cert, strict, argv + i) : usage();
	if (i != argc)
		return usage();
	if (!strcmp(cmd, "load"))
		return have_keyring ? load((int32_t)keyring) : usage();
	if (!strcmp(cmd, "status"))
		return status();
	if (!strcmp(cmd, "log"))
		return print_log();
	return usage();
}
