// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * guard.bpf.c - the device's BPF guard: a BPF-LSM program that lets only
 * BPF code signed for the device into the kernel, and protects itself.
 *
 * Built into a signed light skeleton with the device key (guard/guard.mk),
 * loaded, configured, frozen, attached and pinned at boot by tinyskel-guard
 * (guard/tinyskel-guard.c).  docs/guard.md has the guarantees and the
 * threat model; include/tinyskel_guard.h the maps it shares with user space.
 *
 *   lsm/bpf_prog_load  runs after the kernel checked the signature (6.18+):
 *                      a load from user space passes only with a signature
 *                      and the trusted keyring_id (7.x: and the kernel's
 *                      verdict "verified", read with CO-RE); loads a signed
 *                      loader makes (kernel == true) pass.  Else -EPERM.
 *   lsm/bpf            BPF_LINK_DETACH / BPF_LINK_UPDATE of the guard's links
 *   lsm/bpf_map        a writable fd to the guard's maps (config, stats, events)
 *   lsm/inode_unlink   anything in the pin directory
 *   lsm/inode_rename   into, out of, or of the pin directory
 *   lsm/sb_umount      its bpffs, or any mount above it (a lazy umount of a
 *                      parent would free the pins with no umount of bpffs),
 *                      also after the mount was moved under a new parent
 *   lsm/file_open      learns which mount holds the pins (tinyskel-guard
 *                      opens the directory once, right after attach)
 *
 * Fail closed: without a valid config every user-space load is refused.
 * The kernel types are local (preserve_access_index): CO-RE relocates every
 * field against the running kernel's BTF when the loader loads this.
 */
#include <stdbool.h>
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

typedef __u8 uint8_t;
typedef __u32 uint32_t;
typedef __s32 int32_t;
typedef __u64 uint64_t;
#include "tinyskel_guard.h"

#define EPERM 1
#define FMODE_WRITE 0x2
#define CMD_LINK_UPDATE 29
#define CMD_LINK_DETACH 34

/* ---------------------------------------------------------------- kernel types (CO-RE) */

struct bpf_prog_aux___g {
	__u32 id;
} __attribute__((preserve_access_index));

/* 7.x (7.3.4's BTF): the verdict of the signature check, kept on the
 * program: struct { s32 keyring_serial; u8 keyring_type; u8 verdict; } sig,
 * verdict BPF_SIG_VERIFIED = 1.  Same field types here, so each read has
 * the kernel's size. */
struct bpf_prog_aux___sig {
	struct {
		__s32 keyring_serial;
		__u8 keyring_type;
		__u8 verdict;
	} sig;
} __attribute__((preserve_access_index));

struct bpf_prog___g {
	struct bpf_prog_aux___g *aux;
} __attribute__((preserve_access_index));

union bpf_attr___g {
	struct {
		__u32 prog_type;
		__u32 insn_cnt;
		__u64 insns;
		__u64 license;
		__u32 log_level;
		__u32 log_size;
		__u64 log_buf;
		__u32 kern_version;
		__u32 prog_flags;
		char prog_name[16];
		__u64 signature;
		__u32 signature_size;
		__s32 keyring_id;
	};
	struct {
		__u32 link_fd;
	} link_detach;
	struct {
		__u32 link_fd;
	} link_update;
} __attribute__((preserve_access_index));

struct bpf_link___g {
	__u32 id;
	struct bpf_prog___g *prog;
} __attribute__((preserve_access_index));

struct bpf_map___g {
	__u32 id;
} __attribute__((preserve_access_index));

struct vfsmount___g;
struct path___g {
	struct vfsmount___g *mnt;
} __attribute__((preserve_access_index));

struct inode___g;
struct file___g {
	void *private_data;
	struct inode___g *f_inode;
	struct path___g f_path;
} __attribute__((preserve_access_index));

struct fdtable___g {
	unsigned int max_fds;
	struct file___g **fd;
} __attribute__((preserve_access_index));

struct files_struct___g {
	struct fdtable___g *fdt;
} __attribute__((preserve_access_index));

struct task_struct___g {
	struct files_struct___g *files;
} __attribute__((preserve_access_index));

struct super_block___g {
	__u32 s_dev;
} __attribute__((preserve_access_index));

struct inode___g {
	unsigned long i_ino;
	struct super_block___g *i_sb;
} __attribute__((preserve_access_index));

struct qstr___g {
	const unsigned char *name;
} __attribute__((preserve_access_index));

struct dentry___g {
	struct inode___g *d_inode;
	struct qstr___g d_name;
} __attribute__((preserve_access_index));

struct vfsmount___g {
	struct super_block___g *mnt_sb;
} __attribute__((preserve_access_index));

struct mount___g {
	struct mount___g *mnt_parent;
	struct vfsmount___g mnt;
	int mnt_id;
} __attribute__((preserve_access_index));

/* ---------------------------------------------------------------- maps */

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tinyskel_guard_config);
} guard_config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tinyskel_guard_stats);
} guard_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, TINYSKEL_GUARD_EVENTS);
	__type(key, __u32);
	__type(value, struct tinyskel_guard_event);
} guard_events SEC(".maps");

/* The bpffs mount holding the pins (its struct vfsmount), learnt when
 * tinyskel-guard opens the pin directory right after attach: sb_umount
 * walks up from it, so a mount moved under a new parent stays covered. */
struct guard_state {
	__u64 mnt;
};
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct guard_state);
} guard_state SEC(".maps");

/* Signed with the program (.rodata, frozen by the loader): a keyring fixed
 * at build time (0 builtin, 1 secondary, -9 .bpf) wins over the config's,
 * which can only hold a serial known at boot. */
#ifdef GUARD_FIXED_KEYRING
const volatile __u32 fixed_keyring_set = 1;
const volatile __s32 fixed_keyring_id = GUARD_FIXED_KEYRING;
#else
const volatile __u32 fixed_keyring_set = 0;
const volatile __s32 fixed_keyring_id = 0;
#endif

/* ---------------------------------------------------------------- helpers */

static struct tinyskel_guard_config *config(void)
{
	__u32 zero = 0;
	struct tinyskel_guard_config *c = bpf_map_lookup_elem(&guard_config, &zero);

	if (!c || c->magic != TINYSKEL_GUARD_MAGIC || c->version != TINYSKEL_GUARD_VERSION)
		return 0;
	return c;
}

static int in_ids(const __u32 *ids, __u32 id)
{
	int i;

	if (!id)
		return 0;
	for (i = 0; i < TINYSKEL_GUARD_MAX_IDS; i++)
		if (ids[i] == id)
			return 1;
	return 0;
}

/* Count the decision and log it; returns the hook's answer. */
static int decide(__u32 reason, struct tinyskel_guard_event *ev)
{
	__u32 zero = 0, slot;
	struct tinyskel_guard_stats *st = bpf_map_lookup_elem(&guard_stats, &zero);
	struct tinyskel_guard_event *e;
	__u64 seq;

	if (!st || reason >= TINYSKEL_GUARD_REASONS)
		return reason < TINYSKEL_GUARD_DENY_UNSIGNED ? 0 : -EPERM;
	__sync_fetch_and_add(&st->count[reason], 1);
	seq = __sync_fetch_and_add(&st->events, 1);
	slot = (__u32)(seq % TINYSKEL_GUARD_EVENTS);
	e = bpf_map_lookup_elem(&guard_events, &slot);
	if (e) {
		ev->seq = 0;
		ev->time_ns = bpf_ktime_get_boot_ns();
		ev->pid = (__u32)(bpf_get_current_pid_tgid() >> 32);
		ev->uid = (__u32)bpf_get_current_uid_gid();
		bpf_get_current_comm(ev->comm, sizeof(ev->comm));
		ev->reason = reason;
		e->seq = 0; /* a reader sees 0 while the slot is rewritten */
		__builtin_memcpy(e, ev, sizeof(*e));
		__sync_lock_test_and_set(&e->seq, seq + 1);
	}
	return reason < TINYSKEL_GUARD_DENY_UNSIGNED ? 0 : -EPERM;
}

static void name_from(char dst[16], const void *src)
{
	bpf_probe_read_kernel_str(dst, 16, src);
}

/* ---------------------------------------------------------------- program loads */

SEC("lsm/bpf_prog_load")
int BPF_PROG(guard_prog_load, struct bpf_prog___g *prog, union bpf_attr___g *attr, void *token, bool kernel)
{
	struct tinyskel_guard_event ev = {};
	struct tinyskel_guard_config *c = config();
	__u64 sig = 0;
	__s32 keyring, want;

	ev.prog_type = attr->prog_type;
	bpf_probe_read_kernel(ev.name, sizeof(ev.name), attr->prog_name);
	if (kernel) {
		ev.flags = TINYSKEL_GUARD_EV_KERNEL;
		return decide(TINYSKEL_GUARD_ALLOW_KERNEL, &ev);
	}
	/* A kernel without the signature fields (before 6.18) verifies no
	 * load: every user-space load is unsigned there.  A signature the
	 * kernel checked and refused never reaches this hook. */
	if (bpf_core_field_exists(attr->signature) && attr->signature_size)
		sig = attr->signature;
	if (!sig)
		return decide(TINYSKEL_GUARD_DENY_UNSIGNED, &ev);
	ev.flags = TINYSKEL_GUARD_EV_SIGNED;
	keyring = attr->keyring_id;
	ev.keyring_id = keyring;
	/* 7.x keeps the kernel's own verdict on the program (logged for every
	 * signed load): it must say verified (BPF_SIG_VERIFIED = 1). */
	if (bpf_core_field_exists(((struct bpf_prog_aux___sig *)0)->sig)) {
		struct bpf_prog_aux___sig *aux = (void *)BPF_CORE_READ(prog, aux);

		ev.flags |= TINYSKEL_GUARD_EV_VERDICT;
		ev.sig_verdict = (__u32)BPF_CORE_READ(aux, sig.verdict);
		ev.sig_keyring = BPF_CORE_READ(aux, sig.keyring_serial);
	}
	if (!c)
		return decide(TINYSKEL_GUARD_DENY_CONFIG, &ev);
	want = fixed_keyring_set ? fixed_keyring_id : c->keyring_id;
	if (keyring != want)
		return decide(TINYSKEL_GUARD_DENY_KEYRING, &ev);
	if ((ev.flags & TINYSKEL_GUARD_EV_VERDICT) && ev.sig_verdict != 1)
		return decide(TINYSKEL_GUARD_DENY_VERDICT, &ev);
	return decide(TINYSKEL_GUARD_ALLOW_SIGNED, &ev);
}

/* ---------------------------------------------------------------- bpf commands on its links */

/* The program of the link at fd in this process's table (0 if none). */
static __u32 link_prog_id(__u32 fd)
{
	struct task_struct___g *t = (void *)bpf_get_current_task();
	struct fdtable___g *fdt = BPF_CORE_READ(t, files, fdt);
	struct file___g **fds = BPF_CORE_READ(fdt, fd);
	struct bpf_link___g *link;
	struct file___g *f = 0;

	if (fd >= BPF_CORE_READ(fdt, max_fds))
		return 0;
	if (bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]) || !f)
		return 0;
	link = BPF_CORE_READ(f, private_data);
	return BPF_CORE_READ(link, prog, aux, id);
}

SEC("lsm/bpf")
int BPF_PROG(guard_bpf, int cmd, union bpf_attr___g *attr, unsigned int size, bool kernel)
{
	struct tinyskel_guard_event ev = {};
	struct tinyskel_guard_config *c;
	__u32 fd;

	if (cmd != CMD_LINK_DETACH && cmd != CMD_LINK_UPDATE)
		return 0;
	c = config();
	fd = cmd == CMD_LINK_DETACH ? attr->link_detach.link_fd : attr->link_update.link_fd;
	if (c && !in_ids(c->prog_ids, link_prog_id(fd)))
		return 0;
	ev.cmd = (__u32)cmd;
	return decide(TINYSKEL_GUARD_DENY_LINK, &ev);
}

SEC("lsm/bpf_map")
int BPF_PROG(guard_bpf_map, struct bpf_map___g *map, unsigned int fmode)
{
	struct tinyskel_guard_event ev = {};
	struct tinyskel_guard_config *c;

	if (!(fmode & FMODE_WRITE))
		return 0;
	c = config();
	if (!c || !in_ids(c->map_ids, BPF_CORE_READ(map, id)))
		return 0;
	ev.cmd = BPF_CORE_READ(map, id);
	return decide(TINYSKEL_GUARD_DENY_MAP_WRITE, &ev);
}

/* ---------------------------------------------------------------- its pins and bpffs */

static int is_guard_dir(struct tinyskel_guard_config *c, struct inode___g *dir)
{
	return dir && BPF_CORE_READ(dir, i_ino) == c->dir_ino && BPF_CORE_READ(dir, i_sb, s_dev) == c->bpffs_dev;
}

SEC("lsm/inode_unlink")
int BPF_PROG(guard_unlink, struct inode___g *dir, struct dentry___g *dentry)
{
	struct tinyskel_guard_event ev = {};
	struct tinyskel_guard_config *c = config();

	if (!c || !is_guard_dir(c, dir))
		return 0;
	name_from(ev.name, BPF_CORE_READ(dentry, d_name.name));
	return decide(TINYSKEL_GUARD_DENY_UNLINK, &ev);
}

SEC("lsm/inode_rename")
int BPF_PROG(guard_rename, struct inode___g *old_dir, struct dentry___g *old_dentry, struct inode___g *new_dir,
	     struct dentry___g *new_dentry)
{
	struct tinyskel_guard_event ev = {};
	struct tinyskel_guard_config *c = config();

	if (!c)
		return 0;
	if (!is_guard_dir(c, old_dir) && !is_guard_dir(c, new_dir) &&
	    !is_guard_dir(c, BPF_CORE_READ(old_dentry, d_inode)) &&
	    !is_guard_dir(c, BPF_CORE_READ(new_dentry, d_inode)))
		return 0;
	name_from(ev.name, BPF_CORE_READ(old_dentry, d_name.name));
	return decide(TINYSKEL_GUARD_DENY_RENAME, &ev);
}

SEC("lsm/file_open")
int BPF_PROG(guard_file_open, struct file___g *file)
{
	struct tinyskel_guard_config *c = config();
	struct guard_state *st;
	__u32 zero = 0;

	if (!c)
		return 0;
	st = bpf_map_lookup_elem(&guard_state, &zero);
	if (!st || st->mnt || !is_guard_dir(c, BPF_CORE_READ(file, f_inode)))
		return 0;
	st->mnt = (__u64)BPF_CORE_READ(file, f_path.mnt);
	return 0;
}

/* Is target (a struct mount) the pins' mount or one above it now? */
static int above_pins(unsigned long target)
{
	__u32 zero = 0;
	struct guard_state *st = bpf_map_lookup_elem(&guard_state, &zero);
	unsigned long m, parent = 0;
	int i;

	if (!st || !st->mnt)
		return 0;
	m = st->mnt - bpf_core_field_offset(struct mount___g, mnt);
	for (i = 0; i < 32; i++) {
		if (m == target)
			return 1;
		if (bpf_probe_read_kernel(&parent, sizeof(parent),
					  (void *)(m + bpf_core_field_offset(struct mount___g, mnt_parent))) ||
		    !parent || parent == m)
			return 0;
		m = parent;
	}
	return 0;
}

SEC("lsm/sb_umount")
int BPF_PROG(guard_umount, struct vfsmount___g *mnt, int flags)
{
	struct tinyskel_guard_event ev = {};
	struct tinyskel_guard_config *c = config();
	unsigned long m;
	int id = 0;

	if (!c)
		return 0;
	/* struct mount embeds the vfsmount: container_of, then its id. */
	m = (unsigned long)mnt - bpf_core_field_offset(struct mount___g, mnt);
	bpf_probe_read_kernel(&id, sizeof(id), (void *)(m + bpf_core_field_offset(struct mount___g, mnt_id)));
	if (BPF_CORE_READ(mnt, mnt_sb, s_dev) != c->bpffs_dev && !in_ids(c->mnt_ids, (__u32)id) && !above_pins(m))
		return 0;
	ev.cmd = (__u32)id;
	return decide(TINYSKEL_GUARD_DENY_UMOUNT, &ev);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
