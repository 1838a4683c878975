/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * runtime_pin.c - who may hold a skeleton's pins (issue 23, items 1 and 5),
 * against the fake kernel:
 *   - tinyskel_pin_skel() refuses a directory that another user owns, or
 *     that group or others may write (bpffs's own 1777 root too), or that
 *     is a symlink, before pinning anything, and says why;
 *   - a safe one gets every pin relative to the fd it checked
 *     (BPF_F_PATH_FD), by name; a kernel without it (before 6.5) by path;
 *   - a map named like a program's link pin (PROG_link) is refused first;
 *   - tinyskel_pinned_open() refuses a symlink unless TINYSKEL_PIN_FOLLOW,
 *     and hands out fds >= 3;
 *   - no fd is left open on any path.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fake_sys.h"
#include "sys.h"
#include "test_skel.h"
#include "tinyskel_uapi.h"

extern int fake_bad_closes;
static struct test_skel skel;

static void loaded(void)
{
	struct tinyskel_opts opts = { .sz = sizeof(opts), .policy = TINYSKEL_POLICY_ALLOW_UNSIGNED };

	fake_reset(&test_info);
	tinyskel_init(&test_info, &skel);
	CHECK_INT(tinyskel_load(&test_info, &skel, &opts, &skel.result), 0);
	fake.ncalls = 0;
}

static int pins(uint32_t flags_want, int *relative)
{
	int i, n = 0;

	*relative = 1;
	for (i = 0; i < fake.ncalls && i < FAKE_MAX_CALLS; i++) {
		const struct tsk_attr_obj *a = (const void *)fake.rec[i].attr;

		if (fake.rec[i].call != FAKE_BPF || fake.rec[i].cmd != TSK_BPF_OBJ_PIN || fake.rec[i].ret)
			continue;
		if ((a->file_flags & (1u << 14)) != flags_want)
			continue;
		n++;
		if (strchr((const char *)(uintptr_t)a->pathname, '/'))
			*relative = 0;
	}
	return n;
}

static void refused(const char *ctx, int want, const char *word)
{
	struct tinyskel_result res;

	check_ctx = ctx;
	CHECK_INT(tinyskel_pin_skel(&test_info, &skel, "/sys/fs/bpf/app", &res), want);
	CHECK_INT(res.step, TINYSKEL_STEP_PIN);
#ifdef CONFIG_ERROR_STRINGS
	CHECK(strstr(res.reason, word) != NULL);
	if (!strstr(res.reason, word))
		printf("    reason: %s\n", res.reason);
#else
	(void)word;
#endif
	CHECK_INT(fake_count(FAKE_BPF, TSK_BPF_OBJ_PIN), 0);
	CHECK_INT(fake.open_fds, 3 + 6); /* the directory's fd closed */
	fake.ncalls = 0;
}

static void pin_dir(void)
{
	struct tinyskel_result res;
	int rel;

	loaded();
	fake.euid = 0;
	fake.dir_uid = 65534; /* made first by nobody */
	fake.dir_perm = 0755;
	refused("another user's directory", -EPERM, "not owned by this user");
	fake.dir_uid = 0;
	fake.dir_perm = 01777; /* bpffs's root without -o mode= */
	refused("a directory anyone may write", -EPERM, "writable by group or others");
	fake.dir_perm = 0770;
	refused("a directory the group may write", -EPERM, "writable by group or others");
	fake.dir_perm = 0700;
	fake.fail_at = 0; /* the open: O_NOFOLLOW met a symlink */
	fake.fail_err = -ELOOP;
	refused("a symlink", -ELOOP, "symlink");
	fake.fail_at = 0;
	fake.fail_err = -ENOTDIR;
	refused("not a directory", -ENOTDIR, "not a directory");
	fake.fail_at = 1; /* the fstat */
	fake.fail_err = -EIO;
	refused("fstat fails", -EIO, "stat");
	fake.fail_at = -1;
	fake.euid = 1000; /* a service user pinning into its own directory */
	fake.dir_uid = 1000;
	fake.dir_perm = 0755;

	check_ctx = "a safe directory: every pin relative to the fd checked";
	CHECK_INT(tinyskel_pin_skel(&test_info, &skel, "/sys/fs/bpf/app", &res), 0);
	CHECK_INT(pins(1u << 14, &rel), 3); /* three maps, no links (not attached) */
	CHECK(rel);
	CHECK_INT(fake.open_fds, 3 + 6);
	CHECK_INT(fake_bad_closes, 0);

	check_ctx = "a kernel before 6.5: by path after the same check";
	fake.ncalls = 0;
	fake.no_path_fd = 1;
	CHECK_INT(tinyskel_pin_skel(&test_info, &skel, "/sys/fs/bpf/app", &res), 0);
	CHECK_INT(pins(0, &rel), 3);
	CHECK(!rel);
	CHECK_INT(fake_count(FAKE_STAT, 0), 1);
	CHECK_INT(fake.open_fds, 3 + 6);

	check_ctx = "a pin fails: the ones made are removed, the fd closed";
	fake.ncalls = 0;
	fake.no_path_fd = 0;
	fake.fail_at = 4; /* open, stat, pin, pin, [pin] */
	fake.fail_err = -EEXIST;
	CHECK_INT(tinyskel_pin_skel(&test_info, &skel, "/sys/fs/bpf/app", &res), -EEXIST);
	CHECK_INT(fake_count(FAKE_UNLINK, -1), 2);
	CHECK_INT(fake.open_fds, 3 + 6);
	tinyskel_destroy(&test_info, &skel);
	CHECK_INT(fake.open_fds, 0);
	CHECK_INT(fake_bad_closes, 0);
}

/* A header whose map `on_raw_link` would take program on_raw's link pin. */
static const struct tinyskel_map_info clash_maps[3] = {
	{ "counts", offsetof(struct test_skel, maps.counts), TINYSKEL_NO_OFF, TINYSKEL_NO_OFF, TINYSKEL_NO_OFF, 8, 0 },
	{ "on_raw_link", offsetof(struct test_skel, maps.bss), TINYSKEL_NO_OFF, TINYSKEL_NO_OFF, TINYSKEL_NO_OFF, 8, 0 },
	{ "on_raw_links", offsetof(struct test_skel, maps.rodata), TINYSKEL_NO_OFF, TINYSKEL_NO_OFF, TINYSKEL_NO_OFF, 8, 0 },
};

static void pin_clash(void)
{
	struct tinyskel_skel_info info = test_info;
	struct tinyskel_result res;

	check_ctx = "map named PROG_link";
	loaded();
	info.maps = clash_maps;
	CHECK_INT(tinyskel_pin_skel(&info, &skel, "/sys/fs/bpf/app", &res), -EINVAL);
	CHECK_INT(fake.ncalls, 0);
#ifdef CONFIG_ERROR_STRINGS
	CHECK(strstr(res.reason, "link pin") != NULL);
#endif
	tinyskel_destroy(&test_info, &skel);
}

static void pinned_open(void)
{
	struct tinyskel_result res;
	int fd;

	check_ctx = "pinned_open: a symlink where the pin was";
	fake_reset(NULL);
	fake.name_is_link = 1;
	CHECK_INT(tinyskel_pinned_open("/sys/fs/bpf/app/counts", 0, &res), -ELOOP);
	CHECK_INT(fake_count(FAKE_BPF, TSK_BPF_OBJ_GET), 0);
#ifdef CONFIG_ERROR_STRINGS
	CHECK(strstr(res.reason, "symlink") != NULL);
#endif
	fd = tinyskel_pinned_open("/sys/fs/bpf/app/counts", TINYSKEL_PIN_FOLLOW | TINYSKEL_PIN_RDONLY, &res);
	CHECK(fd >= 3);
	/* the kernel never sees our flag, only BPF_F_RDONLY */
	CHECK_INT(((const struct tsk_attr_obj *)(const void *)fake.rec[fake.ncalls - 1].attr)->file_flags,
		  TINYSKEL_PIN_RDONLY);
	if (fd >= 0)
		tsk_sys_close(fd);

	check_ctx = "pinned_open: stdin closed";
	fake_reset(NULL);
	fake.std_closed = 0x7;
	fd = tinyskel_pinned_open("/sys/fs/bpf/app/counts", 0, &res);
	CHECK(fd >= 3);
	if (fd >= 0)
		tsk_sys_close(fd);
	CHECK_INT(fake.open_fds, 0);
	fake.fail_at = fake.ncalls; /* the lstat: nothing there */
	fake.fail_err = -ENOENT;
	CHECK_INT(tinyskel_pinned_open("/sys/fs/bpf/app/none", 0, &res), -ENOENT);
	CHECK_INT(tinyskel_pinned_open("/x", 1u << 20, &res), -EINVAL);
	CHECK_INT(fake_bad_closes, 0);
}

int main(void)
{
	pin_dir();
	pin_clash();
	pinned_open();
	return check_exit();
}
