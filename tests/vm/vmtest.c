// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * vmtest.c - /init of the VM layer's initramfs (tests/vm/run-kernel.sh): on
 * a real kernel under qemu-system-x86_64, load signed headers through
 * libtinyskel.a and judge every outcome.
 *
 * What the kernel is expected to verify comes from the kernel command line,
 * written by the host from the image's documented facts (../shared/kernels
 * README, tests/vm/debian_backports.facts):
 *   tsk.verify=chain,loadtime,inloader|none  tsk.layout=excl|early|nobtf|old
 *   tsk.bpf_keyring=1  (the kernel has the .bpf keyring, Linux 7.4: none here)
 * Without tsk.verify the outcomes are only printed (an unknown kernel).
 *
 * Output, one line each: PROBE ..., CASE <what> <scheme> <key> -> <outcome>
 * [OK|BAD ...], MATRIX <scheme> <outcome>, and last TSK-VM: PASS n/n or
 * TSK-VM: FAIL bad/n.  After every case the process's fds and mappings
 * must be what they were before it.  Static (musl), PID 1: it never
 * exits, it powers the machine off.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "crafted_ctx.h"
#include "sha256.h"
#include "vm_rsa2048.lskel.h"
#include "vm_rsa3072.lskel.h"
#include "vm_rsa4096.lskel.h"
#include "vm_p256.lskel.h"
#include "vm_p384.lskel.h"
#include "vm_p256noski.lskel.h"
#include "vm_rsa2048noski.lskel.h"
#include "vm_other.lskel.h"
#include "vm_plain.lskel.h"
#include "vm_tp.lskel.h"
#include "vm_kp.lskel.h"
#include "vm_core.lskel.h"
#include "vm_ring.lskel.h"

#ifndef KEY_SPEC_SESSION_KEYRING /* <linux/keyctl.h>, through the generated headers */
#define KEY_SPEC_SESSION_KEYRING (-3)
#endif
#define NOKEYRING 0x3ffffff0 /* a keyring serial nothing has */
#ifndef KEY_SPEC_BPF_KEYRING
#define KEY_SPEC_BPF_KEYRING (-9) /* Linux 7.4's .bpf system keyring */
#endif

static const char *const scheme_names[] = { "none", "inloader", "loadtime", "chain" };
static unsigned expect_mask; /* bit per scheme the kernel verifies; 0 with known = "none" */
static int known;            /* tsk.verify given */
static char layout[16] = "?";
static int bpf_keyring;      /* tsk.bpf_keyring=1: KEY_SPEC_BPF_KEYRING (-9) exists */
static int cases, bad;

/* ---------------------------------------------------------------- setup */

static const char *cmdline_arg(const char *cmd, const char *key, char *buf, size_t size)
{
	const char *p = strstr(cmd, key);
	size_t n;

	if (!p)
		return NULL;
	p += strlen(key);
	n = strcspn(p, " \n");
	if (n >= size)
		n = size - 1;
	memcpy(buf, p, n);
	buf[n] = 0;
	return buf;
}

static void read_expectations(void)
{
	static char cmd[1024];
	char v[128], *tok, *save = NULL;
	int fd = open("/proc/cmdline", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, cmd, sizeof(cmd) - 1);

	if (fd >= 0)
		close(fd);
	cmd[n > 0 ? n : 0] = 0;
	cmdline_arg(cmd, "tsk.layout=", layout, sizeof(layout));
	bpf_keyring = cmdline_arg(cmd, "tsk.bpf_keyring=", v, sizeof(v)) && !strcmp(v, "1");
	if (!cmdline_arg(cmd, "tsk.verify=", v, sizeof(v)))
		return;
	known = 1;
	for (tok = strtok_r(v, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		unsigned s;

		for (s = 1; s < 4; s++)
			if (!strcmp(tok, scheme_names[s]))
				expect_mask |= 1u << s;
	}
}

static int add_cert(const char *name)
{
	static uint8_t der[8192];
	char path[128];
	int fd;
	ssize_t n;
	long key;

	snprintf(path, sizeof(path), "/certs/%s.der", name);
	fd = open(path, O_RDONLY);
	n = fd < 0 ? -1 : read(fd, der, sizeof(der));
	if (fd >= 0)
		close(fd);
	if (n <= 0) {
		printf("SETUP cannot read %s\n", path);
		return -1;
	}
	key = syscall(SYS_add_key, "asymmetric", name, der, (size_t)n, KEY_SPEC_SESSION_KEYRING);
	printf("SETUP add_key %s: %s\n", name, key < 0 ? strerror(errno) : "ok");
	return key < 0 ? -1 : 0;
}

/* ---------------------------------------------------------------- fds and mappings */

struct snap {
	int nfd, fdsum, nmaps;
};

/* Lines of `path`, not counting those that hold `except` (NULL: none). */
static int count_lines(const char *path, const char *except)
{
	static char buf[16384], line[512];
	int fd = open(path, O_RDONLY), lines = 0;
	size_t len = 0;
	ssize_t n, i;

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (i = 0; i < n; i++) {
			if (buf[i] != '\n') {
				if (len < sizeof(line) - 1)
					line[len++] = buf[i];
				continue;
			}
			line[len] = 0;
			lines += !except || !strstr(line, except);
			len = 0;
		}
	close(fd);
	return lines;
}

/* No opendir (it allocates, which would change the mappings it checks). */
static void snapshot(struct snap *s)
{
	static char buf[8192];
	int fd = open("/proc/self/fd", O_RDONLY | O_DIRECTORY);
	long n, off;

	s->nfd = s->fdsum = 0;
	while (fd >= 0 && (n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (off = 0; off < n;) {
			const char *name = buf + off + 19;
			unsigned short reclen = *(unsigned short *)(buf + off + 16);

			if (name[0] != '.') {
				s->nfd++;
				s->fdsum += atoi(name) * 31 + 7;
			}
			off += reclen;
		}
	}
	if (fd >= 0)
		close(fd);
	/* The kernel maps the uprobe trampoline page ([uprobes]) at the first
	 * hit and keeps it for the life of the process: not ours to close. */
	s->nmaps = count_lines("/proc/self/maps", "[uprobes]");
}

/* ---------------------------------------------------------------- mutable headers */

/* A header's description copied into writable storage, to change one byte. */
struct mut {
	struct tinyskel_skel_info info;
	struct tinyskel_blob blob;
	struct tinyskel_signature sigs[8];
	uint8_t insns[32768], data[32768], isha[32], dsha[32];
	uint8_t sig[8][4096], sinsns[8][32768], ssha[8][32];
};
static struct mut mut;

static const struct tinyskel_skel_info *mut_copy(const struct tinyskel_skel_info *src)
{
	const struct tinyskel_blob *b = src->blob;
	uint32_t i;

	mut.info = *src;
	mut.blob = *b;
	mut.info.blob = &mut.blob;
	memcpy(mut.insns, b->insns, b->insns_sz);
	/* Full forms (the header stores the value without its zero runs and
	 * the in-loader variants as inserts): the tampering below flips bytes
	 * of exactly what the kernel is given. */
	tinyskel_data_read(b, 0, b->data_sz, mut.data);
	mut.blob.nr_zeros = 0;
	mut.blob.zeros = NULL;
	memcpy(mut.isha, b->insns_sha256, 32);
	memcpy(mut.dsha, b->data_sha256, 32);
	mut.blob.insns = mut.insns;
	mut.blob.data = mut.data;
	mut.blob.insns_sha256 = mut.isha;
	mut.blob.data_sha256 = mut.dsha;
	mut.blob.sigs = mut.sigs;
	for (i = 0; i < b->nr_sigs; i++) {
		mut.sigs[i] = b->sigs[i];
		tinyskel_sig_read(b, &b->sigs[i], mut.sig[i]);
		mut.sigs[i].sig = mut.sig[i];
		mut.sigs[i].sig_shared = 0;
		if (b->sigs[i].insns || b->sigs[i].nr_edits || (b->sigs[i].flags & TINYSKEL_SIG_HASH_CHECK)) {
			if (b->sigs[i].insns)
				memcpy(mut.sinsns[i], b->sigs[i].insns, b->sigs[i].insns_sz);
			else if (tinyskel_insns_rebuild(b, &b->sigs[i], mut.sinsns[i])) {
				printf("TSK-VM: signature edits of the header do not rebuild\n");
				bad++;
			}
			memcpy(mut.ssha[i], b->sigs[i].insns_sha256, 32);
			mut.sigs[i].nr_edits = 0;
			mut.sigs[i].edits = NULL;
			mut.sigs[i].flags &= (uint16_t)~TINYSKEL_SIG_HASH_CHECK;
			mut.sigs[i].check_at = 0;
			mut.sigs[i].insns = mut.sinsns[i];
			mut.sigs[i].insns_sha256 = mut.ssha[i];
		}
	}
	return &mut.info;
}

/* The in-loader variants kept compact (edits of the common loader: the
 * sealing replacements and the inserted check), one byte of the check's
 * expected hash changed and the variant's hash recomputed over what the
 * runtime will rebuild: what an attacker without the key can do to the
 * compact form.  A stored check: one byte of its immediate.  A generated
 * one (TINYSKEL_SIG_HASH_CHECK): the header's metadata hash it is made
 * from, with the metadata changed to match (else the runtime's own
 * comparison stops the load first).  The kernel must refuse the rebuilt
 * bytes (the signature covers the variant as signed). */
static struct tinyskel_edit mut_ins[8][256];
static uint8_t mut_ins_bytes[8][4096];

static void flip_insert(const struct tinyskel_skel_info *src)
{
	const struct tinyskel_blob *b = src->blob;
	uint32_t i, k, big, gen = 0;

	for (i = 0; i < b->nr_sigs && i < 8; i++)
		gen |= b->sigs[i].scheme == TINYSKEL_SCHEME_INLOADER && (b->sigs[i].flags & TINYSKEL_SIG_HASH_CHECK);
	if (gen) {
		mut.data[mut.blob.data_sz / 2] ^= 1;
		vm_sha256(mut.data, mut.blob.data_sz, mut.dsha);
	}
	for (i = 0; i < b->nr_sigs && i < 8; i++) {
		const struct tinyskel_signature *s = &b->sigs[i];

		if (s->scheme != TINYSKEL_SCHEME_INLOADER || s->nr_edits > 256 || s->insns)
			continue;
		if (s->flags & TINYSKEL_SIG_HASH_CHECK) {
			mut.sigs[i].insns = NULL;
			mut.sigs[i].flags = s->flags;
			mut.sigs[i].check_at = s->check_at;
			mut.sigs[i].nr_edits = s->nr_edits;
			mut.sigs[i].edits = s->edits;
			if (tinyskel_insns_rebuild(&mut.blob, &mut.sigs[i], mut.sinsns[i]) == 0)
				vm_sha256(mut.sinsns[i], mut.sigs[i].insns_sz, mut.ssha[i]);
			continue;
		}
		if (!s->nr_edits)
			continue;
		for (k = big = 0; k < s->nr_edits; k++) {
			mut_ins[i][k] = s->edits[k];
			if (s->edits[k].cnt > s->edits[big].cnt)
				big = k;
		}
		if (s->edits[big].cnt < 4 || (size_t)s->edits[big].cnt * 8 > sizeof(mut_ins_bytes[i]))
			continue;
		memcpy(mut_ins_bytes[i], s->edits[big].insns, (size_t)s->edits[big].cnt * 8);
		mut_ins[i][big].insns = mut_ins_bytes[i];
		mut_ins_bytes[i][3 * 8 + 4] ^= 1; /* an expected-hash immediate of the inserted check */
		mut.sigs[i].insns = NULL;
		mut.sigs[i].nr_edits = s->nr_edits;
		mut.sigs[i].edits = mut_ins[i];
		if (tinyskel_insns_rebuild(&mut.blob, &mut.sigs[i], mut.sinsns[i]) == 0)
			vm_sha256(mut.sinsns[i], mut.sigs[i].insns_sz, mut.ssha[i]);
	}
}

/* One changed byte in an instruction's immediate, hash recomputed. */
static void flip_insns(uint32_t scheme)
{
	uint32_t i;

	/* every scheme signs its own (sealed) loader, not the common one */
	for (i = 0; i < mut.blob.nr_sigs; i++)
		if (mut.sigs[i].scheme == scheme && mut.sigs[i].insns) {
			mut.sinsns[i][(mut.sigs[i].insns_sz / 16) * 8 + 4] ^= 1;
			vm_sha256(mut.sinsns[i], mut.sigs[i].insns_sz, mut.ssha[i]);
		}
}

static void flip_data(void)
{
	mut.data[mut.blob.data_sz / 2] ^= 1;
	vm_sha256(mut.data, mut.blob.data_sz, mut.dsha);
}

/* Every zero 32-bit word of the metadata becomes `fd`, hash recomputed. */
static void fd_slots(int fd)
{
	uint32_t i, v = (uint32_t)fd;

	for (i = 0; i + 4 <= mut.blob.data_sz; i += 4)
		if (!memcmp(mut.data + i, "\0\0\0\0", 4))
			memcpy(mut.data + i, &v, 4);
	vm_sha256(mut.data, mut.blob.data_sz, mut.dsha);
}

/* The signature value is the SignerInfo's last field: its last byte. */
static void flip_sig(uint32_t scheme)
{
	uint32_t i;

	for (i = 0; i < mut.blob.nr_sigs; i++)
		if (mut.sigs[i].scheme == scheme)
			mut.sig[i][mut.sigs[i].sig_sz - 1] ^= 1;
}

/* `scheme`'s entries carry the signature made for `other`. */
static void swap_sig(uint32_t scheme, uint32_t other)
{
	uint32_t i, j;

	for (j = 0; j < mut.blob.nr_sigs && mut.sigs[j].scheme != other; j++)
		;
	for (i = 0; i < mut.blob.nr_sigs && j < mut.blob.nr_sigs; i++)
		if (mut.sigs[i].scheme == scheme) {
			memcpy(mut.sig[i], mut.sig[j], mut.sigs[j].sig_sz);
			mut.sigs[i].sig_sz = mut.sigs[j].sig_sz;
		}
}

/* Keep only the signature entries whose flags differ from `drop` for `scheme`. */
static void drop_variant(uint32_t scheme, uint32_t drop)
{
	uint32_t i, n = 0;

	for (i = 0; i < mut.blob.nr_sigs; i++)
		if (mut.sigs[i].scheme != scheme || (mut.sigs[i].flags & TINYSKEL_SIG_INLOADER_NO_EXCL) != drop)
			mut.sigs[n++] = mut.sigs[i];
	mut.blob.nr_sigs = n;
}

/* ---------------------------------------------------------------- loading and counting */

enum prog { P_RAW_TP, P_TRACEPOINT, P_KPROBE, P_CORE, P_RING, P_UPROBE };

/* The uprobe case's target: a function of /init itself. */
__attribute__((noinline, used)) long vm_uprobe_target(long x);
__attribute__((noinline, used)) long vm_uprobe_target(long x)
{
	__asm__ volatile("" : : "r"(x) : "memory");
	return x + 1;
}

struct outcome {
	int err;                   /* load error, or 0 */
	struct tinyskel_result res;
	int counted_ok;            /* loaded: attach worked and the count was exact */
	char detail[96];
};

static union {
	struct vm_rsa2048 c;
	struct vm_tp t;
	struct vm_kp k;
	struct vm_core r;
	struct vm_ring g;
} skel;

/* Ring records: exactly 1..n in order, each with the pattern as written. */
struct ring_seen {
	uint64_t next, bad;
};

static int on_record(void *ctx, const void *data, uint32_t size)
{
	struct ring_seen *s = ctx;
	uint64_t e[2];

	if (size != sizeof(e)) {
		s->bad++;
		return 0;
	}
	memcpy(e, data, sizeof(e));
	if (e[0] != s->next + 1 || e[1] != 0x0102030405060708ull)
		s->bad++;
	s->next = e[0];
	return 0;
}

static long lookup(int map_fd, uint32_t key)
{
	struct { uint32_t map_fd, pad; uint64_t key, value, flags; } attr;
	uint64_t v = 0;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = (uint32_t)map_fd;
	attr.key = (uint64_t)(uintptr_t)&key;
	attr.value = (uint64_t)(uintptr_t)&v;
	if (syscall(__NR_bpf, 1 /* BPF_MAP_LOOKUP_ELEM */, &attr, sizeof(attr)) < 0)
		return -1;
	return (long)v;
}

static void count(const struct tinyskel_skel_info *info, enum prog kind, struct outcome *o)
{
	const long n = 7;
	long i, got = -1, got2 = -1;
	int err = tinyskel_attach(info, &skel), devnull;

	if (err) {
		snprintf(o->detail, sizeof(o->detail), "attach: %s", strerror(-err));
		return;
	}
	switch (kind) {
	case P_RAW_TP:
		for (i = 0; i < n; i++)
			syscall(SYS_getppid);
		skel.c.data->enabled = 0;
		for (i = 0; i < 3; i++)
			syscall(SYS_getppid);
		got = lookup(skel.c.maps.counts.map_fd, 0);
		got2 = lookup(skel.c.maps.counts.map_fd, 1);
		o->counted_ok = got == n && got2 == 3 && skel.c.bss->hits == n;
		break;
	case P_TRACEPOINT:
		for (i = 0; i < n; i++)
			syscall(SYS_getpid);
		got = skel.t.bss->getpid_calls;
		o->counted_ok = got == n;
		break;
	case P_KPROBE:
		devnull = open("/dev/null", O_WRONLY);
		skel.k.bss->entries = skel.k.bss->returns = 0;
		for (i = 0; i < n; i++)
			if (write(devnull, "x", 1) != 1)
				break;
		got = skel.k.bss->entries;
		got2 = skel.k.bss->returns;
		close(devnull);
		o->counted_ok = got == n && got2 == n;
		break;
	case P_RING: {
		static struct tinyskel_ringbuf rb;
		struct ring_seen seen = { 0, 0 };
		int r = tinyskel_ringbuf_open(&rb, skel.g.maps.events.map_fd, on_record, &seen, NULL);

		if (r) {
			snprintf(o->detail, sizeof(o->detail), "ring open: %s", strerror(-r));
			return;
		}
		for (i = 0; i < n; i++)
			syscall(SYS_getppid);
		r = tinyskel_ringbuf_consume(&rb);
		tinyskel_ringbuf_close(&rb);
		got = r;
		got2 = (long)seen.bad;
		o->counted_ok = r == n && seen.next == (uint64_t)n && !seen.bad && skel.g.bss->drops == 0;
		snprintf(o->detail, sizeof(o->detail), "ring %ld/%ld records%s (bad %ld, drops %llu)", got, n,
			 o->counted_ok ? " exact" : " WRONG", got2, (unsigned long long)skel.g.bss->drops);
		return;
	}
	case P_UPROBE: {
		struct tinyskel_result ur;
		int idx = tinyskel_prog_find(info, "count_uprobe"), l;

		memset(&ur, 0, sizeof(ur));
		l = idx < 0 ? idx : tinyskel_attach_uprobe(info, &skel, (uint32_t)idx, "/init", "vm_uprobe_target",
							   getpid(), 0, &ur);
		if (l < 0) {
			snprintf(o->detail, sizeof(o->detail), "uprobe attach: %s: %s", strerror(-l),
				 ur.reason ? ur.reason : "?");
			return;
		}
		for (i = 0; i < n; i++)
			vm_uprobe_target(i);
		got = (long)skel.g.bss->uprobe_hits;
		o->counted_ok = got == n;
		break;
	}
	case P_CORE:
		/* every syscall of this process counts: at least the n here */
		for (i = 0; i < n; i++)
			syscall(SYS_getppid);
		got = skel.r.bss->seen;
		o->counted_ok = got >= n;
		break;
	}
	snprintf(o->detail, sizeof(o->detail), "count %ld/%ld%s", got, n, o->counted_ok ? " exact" : " WRONG");
}

static void run(const struct tinyskel_skel_info *info, enum prog kind, const struct tinyskel_opts *opts,
		struct outcome *o)
{
	memset(o, 0, sizeof(*o));
	if (tinyskel_init(info, &skel)) {
		o->err = -EINVAL;
		o->res.reason = "tinyskel_init refused the description";
		return;
	}
	switch (kind) {
	case P_RAW_TP:
		skel.c.data->target_pid = getpid();
		skel.c.data->target_syscall = SYS_getppid;
		break;
	case P_TRACEPOINT:
		skel.t.data->target_pid = getpid();
		break;
	case P_KPROBE:
		skel.k.data->target_pid = getpid();
		break;
	case P_CORE:
		skel.r.data->target_pid = getpid();
		break;
	case P_RING:
	case P_UPROBE:
		skel.g.data->target_pid = getpid();
		skel.g.data->target_syscall = SYS_getppid;
		break;
	}
	o->err = tinyskel_load(info, &skel, opts, &o->res);
	if (!o->err)
		count(info, kind, o);
	tinyskel_destroy(info, &skel);
}

/* ---------------------------------------------------------------- judging */

static const char *errname(int e)
{
	switch (e) {
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EINVAL: return "EINVAL";
	case EACCES: return "EACCES";
	case E2BIG: return "E2BIG";
	case EBADMSG: return "EBADMSG";
	case ENOKEY: return "ENOKEY";
	case EKEYREJECTED: return "EKEYREJECTED";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ENOPKG: return "ENOPKG";
	case ENOSPC: return "ENOSPC";
	case EBADF: return "EBADF";
	case 524: return "ENOTSUPP";
	default: return "?";
	}
}

struct want {
	int ok;             /* 1 loaded and counted; 0 refused; -1 anything (unknown kernel) */
	uint32_t scheme;    /* ok: the scheme used */
	uint32_t flags;     /* ok: the in-loader variant */
	int err;            /* refused: errno (0 = any) */
	uint32_t step;      /* refused: step (0 = any) */
	const char *reason; /* refused: a word the reason must hold (NULL = any) */
};

static void describe(const struct outcome *o, char *buf, size_t size)
{
	if (o->err)
		snprintf(buf, size, "refused %s (%d) at %s: %s", errname(-o->err), o->err,
			 tinyskel_step_name(o->res.step), o->res.reason);
	else
		snprintf(buf, size, "verified=%s%s, %s", tinyskel_scheme_name(o->res.scheme),
			 o->res.sig_flags & TINYSKEL_SIG_INLOADER_NO_EXCL ? " (no-excl variant)" :
			 o->res.scheme == TINYSKEL_SCHEME_INLOADER ? " (excl variant)" : "", o->detail);
}

static void judge(const char *what, const char *scheme, const char *key, const struct outcome *o,
		  const struct want *w, const struct snap *before)
{
	char buf[320], why[160] = "";
	struct snap after;

	snapshot(&after);
	describe(o, buf, sizeof(buf));
	if (w->ok == 1 && o->err)
		snprintf(why, sizeof(why), "expected a load");
	else if (w->ok == 1 && !o->counted_ok)
		snprintf(why, sizeof(why), "count not exact");
	else if (w->ok == 1 && o->res.scheme != w->scheme)
		snprintf(why, sizeof(why), "expected scheme %s", scheme_names[w->scheme]);
	else if (w->ok == 1 && o->res.sig_flags != w->flags)
		snprintf(why, sizeof(why), "expected in-loader flags %u", w->flags);
	else if (w->ok == 0 && !o->err)
		snprintf(why, sizeof(why), "expected a refusal");
	else if (w->ok == 0 && w->err && o->err != w->err)
		snprintf(why, sizeof(why), "expected %s", errname(-w->err));
	else if (w->ok == 0 && w->step && o->res.step != w->step)
		snprintf(why, sizeof(why), "expected step %s", tinyskel_step_name(w->step));
	else if (w->ok == 0 && w->reason && !strstr(o->res.reason, w->reason))
		snprintf(why, sizeof(why), "expected the reason to name '%s'", w->reason);
	if (after.nfd != before->nfd || after.fdsum != before->fdsum || after.nmaps != before->nmaps)
		snprintf(why + strlen(why), sizeof(why) - strlen(why), "%sfds/mappings changed (%d fds, %d maps -> %d, %d)",
			 why[0] ? "; " : "", before->nfd, before->nmaps, after.nfd, after.nmaps);
	cases++;
	if (why[0] && w->ok != -1)
		bad++;
	printf("CASE %-14s %-8s %-12s -> %s  %s%s\n", what, scheme, key, buf,
	       w->ok == -1 ? "INFO" : why[0] ? "BAD: " : "OK", w->ok == -1 ? "" : why);
}

static void opts_for(struct tinyskel_opts *o, uint32_t policy, uint32_t force, int keyring)
{
	memset(o, 0, sizeof(*o));
	o->sz = sizeof(*o);
	o->policy = policy;
	o->force_scheme = force;
	o->use_keyring = 1;
	o->keyring_id = keyring;
}

static void want_ok(struct want *w, uint32_t scheme)
{
	memset(w, 0, sizeof(*w));
	w->ok = known ? 1 : -1;
	w->scheme = scheme;
	if (scheme == TINYSKEL_SCHEME_INLOADER && !strcmp(layout, "early"))
		w->flags = TINYSKEL_SIG_INLOADER_NO_EXCL;
}

static void want_refused(struct want *w, int err, uint32_t step, const char *reason)
{
	memset(w, 0, sizeof(*w));
	w->ok = known ? 0 : -1;
	w->err = err;
	w->step = step;
	w->reason = reason;
}

static void one(const char *what, const char *scheme, const char *key, const struct tinyskel_skel_info *info,
		enum prog kind, const struct tinyskel_opts *opts, const struct want *w, char *matrix, size_t msize)
{
	struct outcome o;
	struct snap before;

	static char log[65536];
	struct tinyskel_opts lo = *opts;
	int was_bad = bad;

	/* log_level 0: the runtime asks for the verifier's log only when it refused */
	lo.log_buf = log;
	lo.log_size = sizeof(log);
	log[0] = 0;
	snapshot(&before);
	run(info, kind, &lo, &o);
	judge(what, scheme, key, &o, w, &before);
	if (bad != was_bad && log[0]) {
		size_t n = strlen(log);

		printf("LOG tail: %s\n", n > 600 ? log + n - 600 : log);
	}
	if (matrix)
		describe(&o, matrix, msize);
}

/* The strongest scheme the kernel verifies (what an unforced load picks). */
static uint32_t strongest(void)
{
	uint32_t s;

	for (s = 3; s > 0; s--)
		if (expect_mask & (1u << s))
			return s;
	return TINYSKEL_SCHEME_NONE;
}

/* ---------------------------------------------------------------- the cases */

static void probes(void)
{
	struct tinyskel_features f;
	int e = tinyskel_probe(&f);

	tinyskel_probe_layout(&f);
	printf("PROBE rc=%d prog_syscall=%u excl_maps=%u signature_maps=%u loadtime=%u verify=%u btf=%u "
	       "map_hash_read=%u map_excl_word=%u err=%d,%d,%d,%d,%d layout_err=%d,%d\n",
	       e, f.prog_syscall, f.excl_maps, f.signature_maps, f.loadtime, f.verify, f.btf, f.map_hash_read,
	       f.map_excl_word, f.probe_err[0], f.probe_err[1], f.probe_err[2], f.probe_err[3], f.probe_err[4],
	       f.layout_err[0], f.layout_err[1]);
	if (!known)
		return;
	cases++;
	/* A kernel may check signatures (verify=1) with no scheme of ours
	 * working: without BTF there is no in-loader check, and before 7.3 no
	 * load-time one (Debian's armmp kernels). */
	if ((expect_mask && !f.verify) || (!expect_mask && f.verify && strcmp(layout, "nobtf")) ||
	    f.signature_maps != !!(expect_mask & (1u << TINYSKEL_SCHEME_CHAIN)) ||
	    f.loadtime != !!(expect_mask & (1u << TINYSKEL_SCHEME_LOADTIME)) ||
	    (!strcmp(layout, "excl") && !f.map_excl_word) ||
	    (!strcmp(layout, "early") && (f.map_excl_word || !f.map_hash_read)) ||
	    (!strcmp(layout, "nobtf") && f.btf)) {
		bad++;
		printf("PROBE BAD: expected verify=%s layout=%s\n", expect_mask ? "yes" : "no", layout);
	} else {
		printf("PROBE OK\n");
	}
}

static const struct {
	const char *name;
	const struct tinyskel_skel_info *(*info)(void);
} keys[] = {
	{ "rsa2048", vm_rsa2048__info },     { "rsa3072", vm_rsa3072__info }, { "rsa4096", vm_rsa4096__info },
	{ "p256", vm_p256__info },           { "p384", vm_p384__info },       { "p256-issuer", vm_p256noski__info },
	{ "rsa2048-issuer", vm_rsa2048noski__info },
};

/* The .bpf keyring (-9): a kernel without it finds no such keyring
 * (EINVAL) and the reason says the kernel has none; with it (7.4), sealed
 * empty here, the answer is ENOKEY, named as keyring policy. */
static void want_bpf_keyring(struct want *w)
{
	if (bpf_keyring)
		want_refused(w, -ENOKEY, TINYSKEL_STEP_PROG_LOAD, "keyring policy");
	else
		want_refused(w, -EINVAL, TINYSKEL_STEP_PROG_LOAD, "no .bpf keyring");
}

static void bpf_keyring_case(uint32_t s, const char *sn)
{
	struct tinyskel_opts o;
	struct want w;

	want_bpf_keyring(&w);
	opts_for(&o, TINYSKEL_POLICY_REQUIRE_SIGNED, s + 1, KEY_SPEC_BPF_KEYRING);
	one("bpf-keyring", sn, "rsa2048", vm_rsa2048__info(), P_RAW_TP, &o, &w, NULL, 0);
}

/* Issue 21: the signed loader run directly (signed, as the kernel verifies
 * it) with a crafted context loads only the signed bytes. */
static void crafted(uint32_t s)
{
	const struct tinyskel_skel_info *info = vm_rsa2048__info();
	const struct tinyskel_blob *b = info->blob;
	uint32_t want_flags = s == TINYSKEL_SCHEME_INLOADER && !strcmp(layout, "early") ? TINYSKEL_SIG_INLOADER_NO_EXCL : 0;
	const struct tinyskel_signature *sig = NULL;
	struct cc_outcome o;
	struct snap before, after;
	uint32_t i;
	int flag;

	for (i = 0; i < b->nr_sigs; i++)
		if (b->sigs[i].scheme == s && (b->sigs[i].flags & TINYSKEL_SIG_INLOADER_NO_EXCL) == want_flags)
			sig = &b->sigs[i];
	for (flag = 0; flag <= 1 && sig; flag++) {
		char why[96] = "";

		snapshot(&before);
		cc_attack(info, cc_sig_insns(b, sig), sig->insns_sz, sig->insns_sha256, s, sig, KEY_SPEC_SESSION_KEYRING, flag, &o);
		snapshot(&after);
		if (o.err)
			snprintf(why, sizeof(why), "expected a load, got %d at %s", o.err, o.step);
		else if (o.rodata != 1 || o.counts_max != 2)
			snprintf(why, sizeof(why), "loaded what the context asked (rodata 0x%x, max_entries %u)", o.rodata,
				 o.counts_max);
		else if (o.data_first != 4242)
			snprintf(why, sizeof(why), ".data not the context's (%d)", o.data_first);
		if (after.nfd != before.nfd || after.nmaps != before.nmaps)
			snprintf(why + strlen(why), sizeof(why) - strlen(why), "%sfds/mappings changed", why[0] ? "; " : "");
		cases++;
		if (why[0] && known)
			bad++;
		printf("CASE %-14s %-8s %-12s -> signed loader run directly: rodata 0x%x, counts.max_entries %u, data %d  %s%s\n",
		       flag ? "crafted-ctx-k" : "crafted-ctx", scheme_names[s], "rsa2048", o.rodata, o.counts_max,
		       o.data_first, !known ? "INFO" : why[0] ? "BAD: " : "OK", known ? why : "");
	}
}

static void per_scheme(uint32_t s, char *matrix, size_t msize)
{
	const char *sn = scheme_names[s];
	int verifies = (expect_mask >> s) & 1;
	struct tinyskel_opts o;
	struct want w;
	size_t k;

	opts_for(&o, TINYSKEL_POLICY_REQUIRE_SIGNED, s + 1, KEY_SPEC_SESSION_KEYRING);
	if (!verifies) {
		/* A forced scheme the kernel lacks: refused, never loaded. */
		if (s == TINYSKEL_SCHEME_INLOADER && !strcmp(layout, "nobtf"))
			want_refused(&w, -EOPNOTSUPP, TINYSKEL_STEP_PROBE, "CONFIG_DEBUG_INFO_BTF");
		else if (s == TINYSKEL_SCHEME_CHAIN && (expect_mask & (1u << TINYSKEL_SCHEME_LOADTIME)))
			want_refused(&w, -E2BIG, TINYSKEL_STEP_PROG_LOAD, NULL);
		else if (s != TINYSKEL_SCHEME_CHAIN && !strcmp(layout, "old"))
			want_refused(&w, -EINVAL, TINYSKEL_STEP_MAP_CREATE, "no exclusive maps (needs 6.18)");
		else if (s == TINYSKEL_SCHEME_CHAIN && !strcmp(layout, "old"))
			want_refused(&w, -E2BIG, TINYSKEL_STEP_PROG_LOAD, "signing fields");
		else
			want_refused(&w, 0, 0, NULL);
		one("forced-lacking", sn, "rsa2048", vm_rsa2048__info(), P_RAW_TP, &o, &w, matrix, msize);
		/* The kernel looks the keyring up before it reads the signature:
		 * its answer to -9 is measured with a signature it cannot verify
		 * too (the only signed load a kernel verifying no scheme gets). */
		if (s == TINYSKEL_SCHEME_LOADTIME && strcmp(layout, "old"))
			bpf_keyring_case(s, sn);
		return;
	}
	want_ok(&w, s);
	one("verify", sn, "rsa2048", vm_rsa2048__info(), P_RAW_TP, &o, &w, matrix, msize);
	crafted(s);
	for (k = 1; k < sizeof(keys) / sizeof(keys[0]); k++)
		one("verify", sn, keys[k].name, keys[k].info(), P_RAW_TP, &o, &w, NULL, 0);

	/* A header without the variant this layout needs (one made before
	 * there were two): refused up front, the other variant never sent. */
	if (s == TINYSKEL_SCHEME_INLOADER) {
		int early = !strcmp(layout, "early");

		want_refused(&w, -EOPNOTSUPP, TINYSKEL_STEP_PROBE, early ? "early 6.18.y" : "exclusivity check");
		mut_copy(vm_rsa2048__info());
		drop_variant(s, early ? TINYSKEL_SIG_INLOADER_NO_EXCL : 0);
		one("variant-absent", sn, "rsa2048", &mut.info, P_RAW_TP, &o, &w, NULL, 0);
	}

	want_refused(&w, -EKEYREJECTED, TINYSKEL_STEP_PROG_LOAD, NULL);
	mut_copy(vm_rsa2048__info());
	flip_insns(s);
	one("insns-byte", sn, "rsa2048", &mut.info, P_RAW_TP, &o, &w, NULL, 0);
	if (s == TINYSKEL_SCHEME_INLOADER) {
		mut_copy(vm_rsa2048__info());
		flip_insert(vm_rsa2048__info());
		one("insert-byte", sn, "rsa2048", &mut.info, P_RAW_TP, &o, &w, NULL, 0);
	}
	mut_copy(vm_rsa2048__info());
	flip_sig(s);
	one("sig-byte", sn, "rsa2048", &mut.info, P_RAW_TP, &o, &w, NULL, 0);
	mut_copy(vm_rsa2048__info());
	swap_sig(s, s == TINYSKEL_SCHEME_CHAIN ? TINYSKEL_SCHEME_LOADTIME : TINYSKEL_SCHEME_CHAIN);
	one("other-scheme", sn, "rsa2048", &mut.info, P_RAW_TP, &o, &w, NULL, 0);
	/* Metadata: signed schemes that fold it in refuse at load; the
	 * in-loader check itself refuses it, inside the loader. */
	if (s == TINYSKEL_SCHEME_INLOADER)
		want_refused(&w, -EKEYREJECTED, TINYSKEL_STEP_LOADER, "metadata does not match the signed hash (tampered)");
	mut_copy(vm_rsa2048__info());
	flip_data();
	one("metadata-byte", sn, "rsa2048", &mut.info, P_RAW_TP, &o, &w, NULL, 0);
	if (s == TINYSKEL_SCHEME_INLOADER) {
		/* Metadata whose fd slots (every zero word) name an fd of this
		 * process: the failed check must not close it (libbpf's cleanup
		 * block would), and the runtime closes nothing twice. */
		int fd = open("/dev/null", O_RDONLY);

		mut_copy(vm_rsa2048__info());
		fd_slots(fd);
		one("metadata-fds", sn, "rsa2048", &mut.info, P_RAW_TP, &o, &w, NULL, 0);
		close(fd);
	}

	want_refused(&w, -ENOKEY, TINYSKEL_STEP_PROG_LOAD, NULL);
	one("unknown-signer", sn, "other", vm_other__info(), P_RAW_TP, &o, &w, NULL, 0);
	opts_for(&o, TINYSKEL_POLICY_REQUIRE_SIGNED, s + 1, 0);
	one("builtin-keyring", sn, "rsa2048", vm_rsa2048__info(), P_RAW_TP, &o, &w, NULL, 0);
	want_refused(&w, -EINVAL, TINYSKEL_STEP_PROG_LOAD, NULL);
	opts_for(&o, TINYSKEL_POLICY_REQUIRE_SIGNED, s + 1, NOKEYRING);
	one("no-such-keyring", sn, "rsa2048", vm_rsa2048__info(), P_RAW_TP, &o, &w, NULL, 0);
	bpf_keyring_case(s, sn);
}

static void policies(void)
{
	uint32_t best = strongest();
	struct tinyskel_opts o;
	struct want w;

	opts_for(&o, TINYSKEL_POLICY_REQUIRE_SIGNED, 0, KEY_SPEC_SESSION_KEYRING);
	if (best)
		want_ok(&w, best);
	else
		want_refused(&w, -EOPNOTSUPP, TINYSKEL_STEP_POLICY, NULL);
	one("auto", "require", "rsa2048", vm_rsa2048__info(), P_RAW_TP, &o, &w, NULL, 0);
	one("auto-tracepoint", "require", "rsa2048", vm_tp__info(), P_TRACEPOINT, &o, &w, NULL, 0);
	one("auto-kprobe", "require", "rsa2048", vm_kp__info(), P_KPROBE, &o, &w, NULL, 0);
	one("auto-ringbuf", "require", "rsa2048", vm_ring__info(), P_RING, &o, &w, NULL, 0);
	if (access("/sys/bus/event_source/devices/uprobe/type", R_OK) == 0)
		one("auto-uprobe", "require", "rsa2048", vm_ring__info(), P_UPROBE, &o, &w, NULL, 0);
	else
		printf("CASE auto-uprobe skipped: no uprobe PMU in this kernel\n");
	/* CO-RE: the kernel relocates against its own BTF when the loader
	 * loads the program; without BTF the loader fails, and says why. */
	if (best && !strcmp(layout, "nobtf"))
		want_refused(&w, 0, TINYSKEL_STEP_LOADER, "CONFIG_DEBUG_INFO_BTF");
	one("auto-core", "require", "rsa2048", vm_core__info(), P_CORE, &o, &w, NULL, 0);
	want_refused(&w, -EPERM, TINYSKEL_STEP_POLICY, "unsigned");
	one("unsigned-hdr", "require", "-", vm_plain__info(), P_RAW_TP, &o, &w, NULL, 0);
	/* The .bpf keyring asked for with the scheme the runtime picks. */
	opts_for(&o, TINYSKEL_POLICY_REQUIRE_SIGNED, 0, KEY_SPEC_BPF_KEYRING);
	if (best)
		want_bpf_keyring(&w);
	else
		want_refused(&w, -EOPNOTSUPP, TINYSKEL_STEP_POLICY, NULL);
	one("bpf-keyring", "require", "rsa2048", vm_rsa2048__info(), P_RAW_TP, &o, &w, NULL, 0);

	opts_for(&o, TINYSKEL_POLICY_ALLOW_UNSIGNED, 0, KEY_SPEC_SESSION_KEYRING);
	want_ok(&w, best);
	one("auto", "allow", "rsa2048", vm_rsa2048__info(), P_RAW_TP, &o, &w, NULL, 0);
	want_ok(&w, TINYSKEL_SCHEME_NONE);
	one("unsigned-hdr", "allow", "-", vm_plain__info(), P_RAW_TP, &o, &w, NULL, 0);
	opts_for(&o, TINYSKEL_POLICY_UNSIGNED_ONLY, 0, KEY_SPEC_SESSION_KEYRING);
	one("auto", "unsigned", "rsa2048", vm_rsa2048__info(), P_RAW_TP, &o, &w, NULL, 0);
	one("unsigned-hdr", "unsigned", "-", vm_plain__info(), P_RAW_TP, &o, &w, NULL, 0);
	/* The build's default (host board: allow unsigned). */
	opts_for(&o, TINYSKEL_POLICY_DEFAULT, 0, KEY_SPEC_SESSION_KEYRING);
	want_ok(&w, best);
	one("auto", "default", "rsa2048", vm_rsa2048__info(), P_RAW_TP, &o, &w, NULL, 0);
}

int main(void)
{
	static char matrix[4][320];
	uint32_t s;

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
	mount("tracefs", "/sys/kernel/tracing", "tracefs", 0, NULL);
	read_expectations();
	printf("TSK-VM: start (verify=%s%s%s%s layout=%s)\n", known ? "" : "unknown",
	       expect_mask & 8 ? "chain " : "", expect_mask & 4 ? "loadtime " : "", expect_mask & 2 ? "inloader" : "",
	       layout);
	add_cert("rsa2048");
	add_cert("rsa3072");
	add_cert("rsa4096");
	add_cert("p256");
	add_cert("p384");
	add_cert("p256-noski");
	add_cert("rsa2048-noski");
	probes();
	for (s = 3; s > 0; s--)
		per_scheme(s, matrix[s], sizeof(matrix[s]));
	policies();
	for (s = 3; s > 0; s--)
		printf("MATRIX %s %s\n", scheme_names[s], matrix[s]);
	if (bad)
		printf("TSK-VM: FAIL %d/%d\n", bad, cases);
	else
		printf("TSK-VM: PASS %d/%d\n", cases, cases);
	sync();
	reboot(RB_AUTOBOOT);
	for (;;)
		pause();
}
