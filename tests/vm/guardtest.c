// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * guardtest.c - /init of the guard's VM test (tests/vm/guard.sh): on a real
 * kernel under qemu, the device's BPF guard against a root attacker.
 *
 *   /init            (this, PID 1) mounts, shows an unsigned load passes,
 *                    then execs the product's boot path:
 *   /tinyskel-guard boot --cert /certs/rsa2048.der /init stage2
 *                    keyring, load, configure, freeze, attach, pin; exec:
 *   /init stage2     (this again, still PID 1): every attack, each a CASE
 *                    that must be refused, the loads that must pass, and
 *                    the guard's counters and event log against what this
 *                    process did, exactly.
 *
 * Attacks run in child processes (root, forked after the guard: "a fresh
 * process").  Output: CASE <name> -> <what happened> OK|BAD ..., then
 * TSK-VM: PASS n/n or TSK-VM: FAIL bad/n.  tsk.expect=none on the kernel
 * command line: the kernel cannot run the guard (the boot must say so).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vm_rsa2048.lskel.h"
#include "vm_plain.lskel.h"
#include "vm_other.lskel.h"
#include "vm_allow.lskel.h"
#include "tinyskel_guard.h"
#include "tinyskel_uapi.h"

#define DIR TINYSKEL_GUARD_DIR_DEFAULT
#undef KEYCTL_GET_KEYRING_ID
#define KEYCTL_GET_KEYRING_ID 0
#undef KEYCTL_JOIN_SESSION_KEYRING
#define KEYCTL_JOIN_SESSION_KEYRING 1
#undef KEYCTL_SETPERM
#define KEYCTL_SETPERM 5
#undef KEYCTL_REVOKE
#define KEYCTL_REVOKE 3
#undef KEYCTL_CLEAR
#define KEYCTL_CLEAR 7
#undef KEYCTL_LINK
#define KEYCTL_LINK 8
#undef KEYCTL_UNLINK
#define KEYCTL_UNLINK 9
#undef KEYCTL_INVALIDATE
#define KEYCTL_INVALIDATE 21
#ifndef KEY_SPEC_SESSION_KEYRING
#define KEY_SPEC_SESSION_KEYRING (-3)
#endif

static int cases, bad;
static uint64_t expect[TINYSKEL_GUARD_REASONS]; /* what this test made the guard decide */

static void judge(const char *name, int ok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void judge(const char *name, int ok, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	cases++;
	bad += !ok;
	printf("CASE %-26s -> %s  %s\n", name, buf, ok ? "OK" : "BAD");
}

static long sys_bpf(int cmd, void *attr, unsigned size)
{
	return syscall(__NR_bpf, cmd, attr, size);
}

static long keyctl(int op, long a, long b, long c)
{
	return syscall(__NR_keyctl, op, a, b, c, 0);
}

/* ---------------------------------------------------------------- raw loads */

static int raw_load(uint32_t type, uint32_t expected_attach, uint32_t attach_btf_id)
{
	static const uint64_t insns[2] = { 0x00000000000000b7ull, 0x0000000000000095ull }; /* r0 = 0; exit */
	struct {
		uint32_t prog_type, insn_cnt;
		uint64_t insns, license;
		uint32_t log_level, log_size;
		uint64_t log_buf;
		uint32_t kern_version, prog_flags;
		char prog_name[16];
		uint32_t prog_ifindex, expected_attach_type, prog_btf_fd, func_info_rec_size;
		uint64_t func_info;
		uint32_t func_info_cnt, line_info_rec_size;
		uint64_t line_info;
		uint32_t line_info_cnt, attach_btf_id;
	} a;
	long fd;

	memset(&a, 0, sizeof(a));
	a.prog_type = type;
	a.insn_cnt = 2;
	a.insns = (uint64_t)(uintptr_t)insns;
	a.license = (uint64_t)(uintptr_t)"GPL";
	a.expected_attach_type = expected_attach;
	a.attach_btf_id = attach_btf_id;
	memcpy(a.prog_name, "attacker", 9);
	fd = sys_bpf(5 /* BPF_PROG_LOAD */, &a, sizeof(a));
	if (fd >= 0) {
		close((int)fd);
		return 0;
	}
	return -errno;
}

/* The BTF id of FUNC `name` in vmlinux BTF (a real LSM hook to attach to). */
static uint32_t btf_func_id(const char *name)
{
	static unsigned char btf[16 << 20];
	int fd = open("/sys/kernel/btf/vmlinux", O_RDONLY);
	ssize_t n = 0, r;
	uint32_t hdr_len, type_off, type_len, str_off, id = 1, off;

	if (fd < 0)
		return 0;
	while ((r = read(fd, btf + n, sizeof(btf) - (size_t)n)) > 0)
		n += r;
	close(fd);
	if (n < 24)
		return 0;
	memcpy(&hdr_len, btf + 4, 4);
	memcpy(&type_off, btf + 8, 4);
	memcpy(&type_len, btf + 12, 4);
	memcpy(&str_off, btf + 16, 4);
	for (off = 0; off + 12 <= type_len; id++) {
		const unsigned char *t = btf + hdr_len + type_off + off;
		uint32_t name_off, info, kind, vlen;

		memcpy(&name_off, t, 4);
		memcpy(&info, t + 4, 4);
		kind = (info >> 24) & 0x1f;
		vlen = info & 0xffff;
		if (kind == 12 /* FUNC */ && !strcmp((const char *)btf + hdr_len + str_off + name_off, name))
			return id;
		off += 12;
		switch (kind) {
		case 1: case 14: case 17: off += 4; break;           /* INT, VAR, DECL_TAG */
		case 3: off += 12; break;                             /* ARRAY */
		case 4: case 5: case 15: case 19: off += 12 * vlen; break; /* STRUCT, UNION, DATASEC, ENUM64 */
		case 6: case 13: off += 8 * vlen; break;              /* ENUM, FUNC_PROTO */
		default: break;
		}
	}
	return 0;
}

/* ---------------------------------------------------------------- children */

/* Run fn in a fresh child (root, started after the guard); its exit code. */
static int in_child(int (*fn)(void *), void *arg)
{
	int st;
	pid_t p = fork();

	if (p == 0)
		_exit(fn(arg) & 0xff);
	if (p < 0 || waitpid(p, &st, 0) != p || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

struct load_case {
	const struct tinyskel_skel_info *info;
	uint32_t policy;
	int32_t keyring;
	int err;                 /* out */
	uint32_t step;           /* out */
	char reason[200];        /* out */
	long counted;            /* out: getppid calls seen, or -1 */
	struct tinyskel_features f; /* out: what the child's probe said */
	int probe_err;
};

static struct load_case *shared; /* MAP_SHARED: the child writes, the parent reads */

static int child_load(void *arg)
{
	struct load_case *c = arg;
	static struct vm_rsa2048 skel; /* every counter header has this layout */
	struct tinyskel_opts o;
	long i;

	c->probe_err = tinyskel_probe(&c->f);
	memset(&o, 0, sizeof(o));
	o.sz = sizeof(o);
	o.policy = c->policy;
	o.use_keyring = 1;
	o.keyring_id = c->keyring;
	c->counted = -1;
	if (tinyskel_init(c->info, &skel))
		return 1;
	skel.data->target_pid = getpid();
	skel.data->target_syscall = SYS_getppid;
	c->err = tinyskel_load(c->info, &skel, &o, &skel.result);
	c->step = skel.result.step;
	snprintf(c->reason, sizeof(c->reason), "%s", skel.result.reason);
	if (!c->err && !tinyskel_attach(c->info, &skel)) {
		for (i = 0; i < 7; i++)
			syscall(SYS_getppid);
		c->counted = skel.bss->hits;
	}
	tinyskel_destroy(c->info, &skel);
	return 0;
}

/* The attacker's own keyring: a new session keyring (PID 1's is sealed),
 * a certificate of its own in it, a header signed with that key. */
static int child_attacker_keyring(void *arg)
{
	static unsigned char der[8192];
	struct load_case *c = arg;
	int fd = open("/certs/other-rsa2048.der", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, der, sizeof(der));

	if (fd >= 0)
		close(fd);
	if (n <= 0 || keyctl(KEYCTL_JOIN_SESSION_KEYRING, 0, 0, 0) < 0 ||
	    syscall(__NR_add_key, "asymmetric", "attacker", der, (size_t)n, KEY_SPEC_SESSION_KEYRING) < 0) {
		snprintf(c->reason, sizeof(c->reason), "setup: %s", strerror(errno));
		c->err = 1;
		return 1;
	}
	return child_load(c);
}

static void load_case(const char *name, const struct tinyskel_skel_info *info, uint32_t policy, int32_t keyring,
		      int attacker_keyring, struct load_case *out)
{
	memset(shared, 0, sizeof(*shared));
	shared->info = info;
	shared->policy = policy;
	shared->keyring = keyring;
	if (in_child(attacker_keyring ? child_attacker_keyring : child_load, shared) != 0)
		printf("CASE %s: child failed (%s)\n", name, shared->reason);
	*out = *shared;
}

/* ---------------------------------------------------------------- keyring attacks */

struct key_case {
	int32_t k;
	int results[10];
};

static int child_keys(void *arg)
{
	struct key_case *c = arg;
	long s = KEY_SPEC_SESSION_KEYRING; /* PID 1's, inherited: its serial is not even searchable */
	int i = 0;

#define TRY(x) (c->results[i++] = (x) < 0 ? errno : 0)
	TRY(syscall(__NR_add_key, "keyring", "more", NULL, 0, c->k));         /* add to K */
	TRY(keyctl(KEYCTL_LINK, c->k, KEY_SPEC_SESSION_KEYRING, 0));            /* link K elsewhere */
	TRY(keyctl(KEYCTL_SETPERM, c->k, 0x3f3f3f3f, 0));                      /* open K up */
	TRY(keyctl(KEYCTL_CLEAR, c->k, 0, 0));                                  /* empty K */
	TRY(keyctl(KEYCTL_INVALIDATE, c->k, 0, 0));                             /* drop K */
	TRY(keyctl(KEYCTL_REVOKE, c->k, 0, 0));
	TRY(keyctl(KEYCTL_UNLINK, c->k, s, 0));                                 /* take K out of PID 1's session */
	TRY(keyctl(KEYCTL_SETPERM, s, 0x3f3f3f3f, 0));                          /* open the session up */
	TRY(keyctl(KEYCTL_CLEAR, s, 0, 0));
	TRY(keyctl(KEYCTL_INVALIDATE, s, 0, 0));
#undef TRY
	return 0;
}

/* ---------------------------------------------------------------- the guard's view */

static int read_guard(struct tinyskel_guard_config *cfg, struct tinyskel_guard_stats *st)
{
	struct tinyskel_result res;
	int err = tinyskel_guard_read(DIR, cfg, st, &res);

	if (err)
		printf("GUARD read: %s (%s)\n", res.reason, strerror(-err));
	return err;
}

static int obj_get(const char *name, uint32_t flags)
{
	char path[256];
	struct { uint64_t pathname; uint32_t bpf_fd, file_flags; } a;
	long fd;

	snprintf(path, sizeof(path), "%s/%s", DIR, name);
	memset(&a, 0, sizeof(a));
	a.pathname = (uint64_t)(uintptr_t)path;
	a.file_flags = flags;
	fd = sys_bpf(7 /* BPF_OBJ_GET */, &a, sizeof(a));
	return fd < 0 ? -errno : (int)fd;
}

static const char *const pins[] = {
	"guard_config", "guard_stats", "guard_events", "guard_prog_load_link", "guard_bpf_link",
	"guard_bpf_map_link", "guard_unlink_link", "guard_rename_link", "guard_umount_link",
	"guard_file_open_link", "guard_state",
};

static int refused(long r, int want_errno)
{
	return r < 0 && errno == want_errno;
}

static void self_protection(const struct tinyskel_guard_config *cfg)
{
	char path[256], other[256];
	long r;
	int fd, lost = 0;
	size_t i;

	snprintf(path, sizeof(path), "%s/guard_prog_load_link", DIR);
	r = unlink(path);
	judge("unlink-pin", refused(r, EPERM), "unlink %s: %s", path, r ? strerror(errno) : "removed");
	expect[TINYSKEL_GUARD_DENY_UNLINK]++;

	snprintf(other, sizeof(other), "%s/moved", DIR);
	snprintf(path, sizeof(path), "%s/guard_config", DIR);
	r = rename(path, other);
	judge("rename-pin", refused(r, EPERM), "rename: %s", r ? strerror(errno) : "renamed");
	expect[TINYSKEL_GUARD_DENY_RENAME]++;

	/* Over a pin: the attacker's own map, pinned beside, renamed onto it. */
	{
		struct { uint32_t map_type, key_size, value_size, max_entries; } mc = { 2, 4, 8, 1 };
		struct { uint64_t pathname; uint32_t bpf_fd, file_flags; } pin;
		long mfd = sys_bpf(0 /* BPF_MAP_CREATE */, &mc, sizeof(mc));

		memset(&pin, 0, sizeof(pin));
		pin.pathname = (uint64_t)(uintptr_t)"/sys/fs/bpf/decoy";
		pin.bpf_fd = (uint32_t)mfd;
		if (mfd < 0 || sys_bpf(6 /* BPF_OBJ_PIN */, &pin, sizeof(pin)))
			printf("CASE rename-over-pin: setup: %s\n", strerror(errno));
		if (mfd >= 0)
			close((int)mfd);
	}
	snprintf(path, sizeof(path), "%s/guard_stats", DIR);
	r = rename("/sys/fs/bpf/decoy", path);
	judge("rename-over-pin", refused(r, EPERM), "rename decoy over pin: %s", r ? strerror(errno) : "replaced");
	unlink("/sys/fs/bpf/decoy");
	expect[TINYSKEL_GUARD_DENY_RENAME]++;

	r = rename(DIR, "/sys/fs/bpf/moved");
	judge("rename-dir", refused(r, EPERM), "rename the pin dir: %s", r ? strerror(errno) : "renamed");
	expect[TINYSKEL_GUARD_DENY_RENAME]++;

	r = umount("/sys/fs/bpf");
	judge("umount-bpffs", refused(r, EPERM), "umount /sys/fs/bpf: %s", r ? strerror(errno) : "unmounted");
	expect[TINYSKEL_GUARD_DENY_UMOUNT]++;
	r = umount2("/sys/fs/bpf", MNT_DETACH);
	judge("umount-bpffs-lazy", refused(r, EPERM), "umount -l /sys/fs/bpf: %s", r ? strerror(errno) : "detached");
	expect[TINYSKEL_GUARD_DENY_UMOUNT]++;
	r = umount2("/sys", MNT_DETACH);
	judge("umount-parent-lazy", refused(r, EPERM), "umount -l /sys: %s", r ? strerror(errno) : "detached");
	expect[TINYSKEL_GUARD_DENY_UMOUNT]++;
	/* Move bpffs under a new parent (allowed), then lazily unmount that
	 * parent: the guard follows the mount it learnt, not the boot's ids. */
	mkdir("/mnt", 0755);
	if (mount("tmpfs", "/mnt", "tmpfs", 0, NULL) == 0) {
		mkdir("/mnt/b", 0700);
		if (mount("/sys/fs/bpf", "/mnt/b", NULL, MS_MOVE, NULL) == 0) {
			r = umount2("/mnt", MNT_DETACH);
			judge("umount-new-parent-lazy", refused(r, EPERM), "bpffs moved under a new tmpfs, umount -l of it: %s",
			      r ? strerror(errno) : "detached");
			expect[TINYSKEL_GUARD_DENY_UMOUNT]++;
			if (mount("/mnt/b", "/sys/fs/bpf", NULL, MS_MOVE, NULL))
				judge("umount-new-parent-lazy", 0, "cannot move bpffs back: %s", strerror(errno));
		} else {
			judge("umount-new-parent-lazy", 0, "setup: mount --move: %s", strerror(errno));
		}
		umount2("/mnt", MNT_DETACH); /* the tmpfs, no longer above the pins */
	}

	fd = obj_get("guard_prog_load_link", 0);
	if (fd >= 0) {
		struct { uint32_t link_fd; } d = { (uint32_t)fd };

		r = sys_bpf(34 /* BPF_LINK_DETACH */, &d, sizeof(d));
		judge("link-detach", refused(r, EPERM), "BPF_LINK_DETACH of its link: %s", r ? strerror(errno) : "detached");
		expect[TINYSKEL_GUARD_DENY_LINK]++;
		close(fd);
	} else {
		judge("link-detach", 0, "cannot open the link pin: %s", strerror(-fd));
	}

	fd = obj_get("guard_config", 0);
	judge("config-open-rw", fd == -EPERM, "BPF_OBJ_GET(config, read-write): %s",
	      fd < 0 ? strerror(-fd) : "writable fd");
	if (fd >= 0)
		close(fd);
	expect[TINYSKEL_GUARD_DENY_MAP_WRITE]++;
	{
		struct { uint32_t id, next_id, open_flags; } g = { cfg->map_ids[0], 0, 0 };

		r = sys_bpf(14 /* BPF_MAP_GET_FD_BY_ID */, &g, sizeof(g));
		judge("config-by-id-rw", refused(r, EPERM), "BPF_MAP_GET_FD_BY_ID(config, rw): %s",
		      r < 0 ? strerror(errno) : "writable fd");
		if (r >= 0)
			close((int)r);
		expect[TINYSKEL_GUARD_DENY_MAP_WRITE]++;
	}
	fd = obj_get("guard_stats", 0);
	judge("stats-open-rw", fd == -EPERM, "BPF_OBJ_GET(stats, read-write): %s", fd < 0 ? strerror(-fd) : "writable fd");
	if (fd >= 0)
		close(fd);
	expect[TINYSKEL_GUARD_DENY_MAP_WRITE]++;
	fd = obj_get("guard_config", 1u << 3 /* BPF_F_RDONLY */);
	if (fd >= 0) {
		struct tinyskel_guard_config c = *cfg;
		uint32_t key = 0;
		struct { uint32_t map_fd, pad; uint64_t key, value, flags; } e;

		c.keyring_id = -3;
		memset(&e, 0, sizeof(e));
		e.map_fd = (uint32_t)fd;
		e.key = (uint64_t)(uintptr_t)&key;
		e.value = (uint64_t)(uintptr_t)&c;
		r = sys_bpf(2 /* BPF_MAP_UPDATE_ELEM */, &e, sizeof(e));
		judge("config-write", r < 0, "BPF_MAP_UPDATE_ELEM(config) through a read-only fd: %s",
		      r < 0 ? strerror(errno) : "written");
		close(fd);
	}

	r = raw_load(29 /* BPF_PROG_TYPE_LSM */, 27 /* BPF_LSM_MAC */, btf_func_id("bpf_lsm_bpf_prog_load"));
	judge("unsigned-lsm-prog", r == -EPERM, "raw unsigned LSM program on bpf_prog_load: %s",
	      r ? strerror((int)-r) : "loaded");
	expect[TINYSKEL_GUARD_DENY_UNSIGNED]++;

	/* Everything still there. */
	for (i = 0; i < sizeof(pins) / sizeof(pins[0]); i++) {
		fd = obj_get(pins[i], i < 3 || !strcmp(pins[i], "guard_state") ? 1u << 3 : 0); /* maps read-only; links take no flags */
		if (fd < 0) {
			judge("pins-still-there", 0, "%s: %s", pins[i], strerror(-fd));
			lost++;
		} else {
			close(fd);
		}
	}
	if (!lost)
		judge("pins-still-there", 1, "all %zu pins open", sizeof(pins) / sizeof(pins[0]));
}

/* ---------------------------------------------------------------- the tool's views */

/* Run /tinyskel-guard CMD; its output in buf, its exit status returned. */
static int run_tool(const char *cmd, char *buf, size_t size)
{
	int p[2], st;
	size_t n = 0;
	ssize_t r;
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		dup2(p[1], 2);
		execl("/tinyskel-guard", "tinyskel-guard", cmd, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	while (n + 1 < size && (r = read(p[0], buf + n, size - 1 - n)) > 0)
		n += (size_t)r;
	buf[n] = 0;
	close(p[0]);
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static void tool_views(const struct tinyskel_guard_stats *st)
{
	static char out[65536];
	char want[64];
	const char *l;
	int rc = run_tool("status", out, sizeof(out)), lines = 0;

	snprintf(want, sizeof(want), "deny-umount     %llu",
		 (unsigned long long)st->count[TINYSKEL_GUARD_DENY_UMOUNT]);
	judge("tool-status", rc == 0 && strstr(out, want) != NULL, "tinyskel-guard status: exit %d, '%s' %s", rc, want,
	      strstr(out, want) ? "shown" : "missing");
	rc = run_tool("log", out, sizeof(out));
	for (l = out; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l))
		lines += *l >= '1' && *l <= '9';
	judge("tool-log", rc == 0 && (uint64_t)lines == (st->events < TINYSKEL_GUARD_EVENTS ? st->events : TINYSKEL_GUARD_EVENTS),
	      "tinyskel-guard log: exit %d, %d records for %llu events", rc, lines, (unsigned long long)st->events);
	if (rc == 0)
		printf("LOG %.600s\n", out);
}

/* ---------------------------------------------------------------- stage 2 */

static const char *const reason_names[TINYSKEL_GUARD_REASONS] = {
	"allow-signed", "allow-kernel", "deny-unsigned", "deny-keyring", "deny-verdict", "deny-config",
	"deny-link",    "deny-map-write", "deny-unlink", "deny-rename", "deny-umount",
};

static struct tinyskel_guard_event events[TINYSKEL_GUARD_EVENTS];

static void check_log(const struct tinyskel_guard_stats *st0, const struct tinyskel_guard_stats *st1)
{
	uint64_t seen[TINYSKEL_GUARD_REASONS] = { 0 }, n = 0;
	struct tinyskel_result res;
	int i, ok = 1;

	for (i = 0; i < TINYSKEL_GUARD_REASONS; i++) {
		uint64_t d = st1->count[i] - st0->count[i];

		if (d != expect[i])
			ok = 0;
		printf("COUNT %-15s %llu (expected %llu)\n", reason_names[i], (unsigned long long)d,
		       (unsigned long long)expect[i]);
	}
	judge("counters-exact", ok, "every counter moved by what this test did");
	if (tinyskel_guard_events(DIR, events, &res)) {
		judge("event-log", 0, "%s", res.reason);
		return;
	}
	for (i = 0; i < TINYSKEL_GUARD_EVENTS; i++) {
		const struct tinyskel_guard_event *e = &events[i];

		if (e->seq > st0->events && e->seq <= st1->events && e->reason < TINYSKEL_GUARD_REASONS) {
			seen[e->reason]++;
			n++;
			printf("EVENT %llu pid=%u comm=%.16s %s type=%u name=%.16s keyring=%d flags=%u verdict=%u/%d cmd=%u\n",
			       (unsigned long long)e->seq, e->pid, e->comm, reason_names[e->reason], e->prog_type, e->name,
			       e->keyring_id, e->flags, e->sig_verdict, e->sig_keyring, e->cmd);
		}
	}
	ok = n == st1->events - st0->events;
	for (i = 0; i < TINYSKEL_GUARD_REASONS; i++)
		ok &= seen[i] == expect[i];
	judge("event-log-exact", ok, "%llu events logged, one per decision, each of its reason",
	      (unsigned long long)n);
}

static int stage2(void)
{
	struct tinyskel_guard_config cfg;
	struct tinyskel_guard_stats st0, st1;
	struct load_case c;
	struct key_case *kc;
	int r, i, nprogs = (int)vm_rsa2048__info()->nr_progs;

	printf("TSK-VM: guard stage 2 (pid %d)\n", getpid());
	if (read_guard(&cfg, &st0)) {
		printf("TSK-VM: FAIL guard not active\n");
		return 1;
	}
	printf("GUARD keyring=%d facts: verify=%u loadtime=%u excl_maps=%u btf=%u map_excl_word=%u\n", cfg.keyring_id,
	       cfg.facts.verify, cfg.facts.loadtime, cfg.facts.excl_maps, cfg.facts.btf, cfg.facts.map_excl_word);
	shared = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	r = raw_load(1 /* SOCKET_FILTER */, 0, 0);
	judge("raw-unsigned", r == -EPERM, "raw unsigned BPF_PROG_LOAD: %s", r ? strerror(-r) : "loaded");
	expect[TINYSKEL_GUARD_DENY_UNSIGNED]++;

	load_case("unsigned-header", vm_plain__info(), TINYSKEL_POLICY_ALLOW_UNSIGNED, cfg.keyring_id, 0, &c);
	judge("unsigned-header", c.err == -EPERM && c.step == TINYSKEL_STEP_PROG_LOAD && strstr(c.reason, "BPF guard"),
	      "err %d step %s: %s", c.err, tinyskel_step_name(c.step), c.reason);
	expect[TINYSKEL_GUARD_DENY_UNSIGNED]++;

	load_case("attacker-keyring", vm_other__info(), TINYSKEL_POLICY_REQUIRE_SIGNED, KEY_SPEC_SESSION_KEYRING, 1, &c);
	judge("attacker-keyring", c.err == -EPERM && c.step == TINYSKEL_STEP_PROG_LOAD && strstr(c.reason, "BPF guard"),
	      "signed by a cert in its own session keyring: err %d step %s: %s", c.err, tinyskel_step_name(c.step),
	      c.reason);
	expect[TINYSKEL_GUARD_DENY_KEYRING]++;

	load_case("attacker-key-trusted-id", vm_other__info(), TINYSKEL_POLICY_REQUIRE_SIGNED, cfg.keyring_id, 0, &c);
	judge("attacker-key-trusted-id", c.err == -ENOKEY && c.step == TINYSKEL_STEP_PROG_LOAD,
	      "its key, the trusted keyring: err %d (%s) step %s (the kernel refuses before the guard)", c.err,
	      strerror(-c.err), tinyskel_step_name(c.step));

	load_case("signed-fresh-process", vm_rsa2048__info(), TINYSKEL_POLICY_REQUIRE_SIGNED, cfg.keyring_id, 0, &c);
	judge("signed-fresh-process", c.err == 0 && c.counted == 7,
	      "err %d (%s) scheme %s, counted %ld/7; its probe: rc %d verify=%u loadtime=%u", c.err, c.reason,
	      tinyskel_scheme_name(c.f.probed ? (c.f.loadtime ? TINYSKEL_SCHEME_LOADTIME : TINYSKEL_SCHEME_INLOADER) : 0),
	      c.counted, c.probe_err, c.f.verify, c.f.loadtime);
	expect[TINYSKEL_GUARD_ALLOW_SIGNED]++;
	expect[TINYSKEL_GUARD_ALLOW_KERNEL] += (uint64_t)nprogs;

	load_case("signed-wrong-keyring", vm_rsa2048__info(), TINYSKEL_POLICY_REQUIRE_SIGNED, 0, 0, &c);
	judge("builtin-keyring", c.err == -ENOKEY, "its cert is not in the builtin keyring: err %d (%s)", c.err,
	      strerror(-c.err));

	self_protection(&cfg);

	kc = (struct key_case *)(shared + 1);
	memset(kc, 0, sizeof(*kc));
	kc->k = cfg.keyring_id;
	if (in_child(child_keys, kc) == 0) {
		static const char *const what[10] = {
			"add to K", "link K", "setperm K", "clear K", "invalidate K", "revoke K",
			"unlink K from PID 1's session", "setperm session", "clear session", "invalidate session",
		};
		for (i = 0; i < 10; i++)
			judge("keyring-second-root", kc->results[i] == EACCES || kc->results[i] == EPERM, "%s: %s", what[i],
			      kc->results[i] ? strerror(kc->results[i]) : "done");
	}

	/* A signed "allow everything" LSM program on the same hooks (the
	 * device key, the trusted keyring): it loads, and changes nothing. */
	{
		static struct vm_allow a;
		struct tinyskel_opts o;
		char path[256];
		int e;

		memset(&o, 0, sizeof(o));
		o.sz = sizeof(o);
		o.policy = TINYSKEL_POLICY_REQUIRE_SIGNED;
		o.use_keyring = 1;
		o.keyring_id = cfg.keyring_id;
		tinyskel_init(vm_allow__info(), &a);
		e = tinyskel_load(vm_allow__info(), &a, &o, &a.result);
		if (!e)
			e = tinyskel_attach(vm_allow__info(), &a);
		judge("signed-allow-lsm-loads", e == 0, "a signed LSM program returning 0 on bpf_prog_load, inode_unlink: %s",
		      e ? a.result.reason : "loaded, attached");
		expect[TINYSKEL_GUARD_ALLOW_SIGNED]++;
		expect[TINYSKEL_GUARD_ALLOW_KERNEL] += vm_allow__info()->nr_progs;
		r = raw_load(1, 0, 0);
		judge("allow-lsm-cannot-override", r == -EPERM, "raw unsigned load beside it: %s", r ? strerror(-r) : "loaded");
		expect[TINYSKEL_GUARD_DENY_UNSIGNED]++;
		snprintf(path, sizeof(path), "%s/guard_bpf_link", DIR);
		r = unlink(path);
		judge("allow-lsm-cannot-unpin", r == -1 && errno == EPERM, "unlink a pin beside it: %s",
		      r ? strerror(errno) : "removed");
		expect[TINYSKEL_GUARD_DENY_UNLINK]++;
		tinyskel_destroy(vm_allow__info(), &a);
	}

	/* A signature of size 0 is no signature: refused by the kernel or by the guard. */
	{
		static const uint64_t insns[2] = { 0xb7, 0x95 };
		struct tsk_attr_prog_load pl;
		long fd;

		memset(&pl, 0, sizeof(pl));
		pl.prog_type = 1;
		pl.insn_cnt = 2;
		pl.insns = (uint64_t)(uintptr_t)insns;
		pl.license = (uint64_t)(uintptr_t)"GPL";
		pl.signature = (uint64_t)(uintptr_t)insns;
		pl.signature_size = 0;
		pl.keyring_id = cfg.keyring_id;
		fd = sys_bpf(5, &pl, TSK_PROG_LOAD_SZ_SIGNED);
		r = fd < 0 ? -errno : 0;
		if (fd >= 0)
			close((int)fd);
		judge("signature-size-0", r < 0, "signature pointer, size 0, trusted keyring: %s%s",
		      r ? strerror(-r) : "loaded", r == -EPERM ? " (the guard)" : " (the kernel, before the guard)");
		if (r == -EPERM)
			expect[TINYSKEL_GUARD_DENY_UNSIGNED]++;
	}

	/* After all of it: the guard still enforces, and still lets signed code in. */
	r = raw_load(1, 0, 0);
	judge("still-enforcing", r == -EPERM, "raw unsigned BPF_PROG_LOAD: %s", r ? strerror(-r) : "loaded");
	expect[TINYSKEL_GUARD_DENY_UNSIGNED]++;
	/* ... naming the keyring as "the guard's" (TINYSKEL_KEYRING_GUARD, Kconfig KEYRING_GUARD). */
	load_case("signed-after-attacks", vm_rsa2048__info(), TINYSKEL_POLICY_REQUIRE_SIGNED, TINYSKEL_KEYRING_GUARD, 0, &c);
	judge("signed-after-attacks", c.err == 0 && c.counted == 7, "keyring TINYSKEL_KEYRING_GUARD: err %d (%s) counted %ld/7",
	      c.err, c.reason, c.counted);
	expect[TINYSKEL_GUARD_ALLOW_SIGNED]++;
	expect[TINYSKEL_GUARD_ALLOW_KERNEL] += (uint64_t)nprogs;

	if (read_guard(&cfg, &st1) == 0) {
		check_log(&st0, &st1);
		tool_views(&st1);
	} else
		judge("counters-exact", 0, "cannot read the guard's counters");
	return 0;
}

/* ---------------------------------------------------------------- main */

int main(int argc, char **argv)
{
	static char *boot_argv[] = { "/tinyskel-guard", "boot", "--cert", "/certs/rsa2048.der", "/init", "stage2", NULL };
	int r;

	if (argc > 1 && !strcmp(argv[1], "stage2")) {
		setvbuf(stdout, NULL, _IOLBF, 0);
		stage2();
		if (bad)
			printf("TSK-VM: FAIL %d/%d\n", bad, cases);
		else
			printf("TSK-VM: PASS %d/%d\n", cases, cases);
		sync();
		reboot(RB_AUTOBOOT);
		for (;;)
			pause();
	}
	mkdir("/dev", 0755);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	if (fcntl(1, F_GETFD) < 0) {
		int fd = open("/dev/console", O_RDWR);

		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	mkdir("/proc", 0755);
	mkdir("/sys", 0755);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("bpf", "/sys/fs/bpf", "bpf", 0, "mode=0700");
	/* tsk.stage2=PATH: another stage 2 (tests/vm/guard_ctx.sh: /guardctx). */
	{
		static char cmd[1024], stage2[128];
		int fd = open("/proc/cmdline", O_RDONLY);
		ssize_t n = fd < 0 ? -1 : read(fd, cmd, sizeof(cmd) - 1);
		const char *p;

		if (fd >= 0)
			close(fd);
		cmd[n > 0 ? n : 0] = 0;
		p = strstr(cmd, "tsk.stage2=");
		if (p) {
			p += strlen("tsk.stage2=");
			snprintf(stage2, sizeof(stage2), "%.*s", (int)strcspn(p, " \n"), p);
			boot_argv[4] = stage2;
			boot_argv[5] = NULL;
		}
	}
	/* Before the guard: an unsigned load passes (what the guard changes). */
	r = raw_load(1, 0, 0);
	printf("TSK-VM: guard stage 1: before the guard an unsigned load %s\n", r ? strerror(-r) : "loads");
	execv(boot_argv[0], boot_argv);
	printf("TSK-VM: FAIL exec %s: %s\n", boot_argv[0], strerror(errno));
	reboot(RB_AUTOBOOT);
	return 1;
}
