/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * pin.c - bpffs: pin an fd to a path, open a pinned object, unpin.
 * A pinned link keeps its program attached after the process exits;
 * a pinned map can be opened by another process.
 */
#include <errno.h>

#include "../internal.h"

#define PATH_FD (1u << 14) /* BPF_F_PATH_FD (6.5): pathname is relative to path_fd */

static int obj(int cmd, int fd, const char *path, uint32_t flags)
{
	struct tsk_attr_obj attr;

	memset(&attr, 0, sizeof(attr));
	attr.pathname = TSK_PTR(path);
	attr.bpf_fd = (uint32_t)fd;
	attr.file_flags = flags;
	/* Stop before path_fd (6.5): older kernels refuse the larger attr. */
	return (int)tsk_sys_bpf(cmd, &attr, offsetof(struct tsk_attr_obj, path_fd));
}

static const char *pin_reason(int err)
{
	return err == -EEXIST ? "pin: the path already exists"
	       : err == -ENOENT ? "pin: no such directory (is bpffs mounted there?)"
	       : err == -EPERM ? "pin: not a bpffs path, or a dot in the name (bpffs refuses those)"
	       : "pin: BPF_OBJ_PIN failed";
}

int tinyskel_pin(int fd, const char *path, struct tinyskel_result *res)
{
	int err;

	if (fd <= 0 || !path)
		return tsk_op_fail(res, TINYSKEL_STEP_PIN, -EBADF, "pin: no fd or path");
	err = obj(TSK_BPF_OBJ_PIN, fd, path, 0);
	return err ? tsk_op_fail(res, TINYSKEL_STEP_PIN, err, pin_reason(err)) : 0;
}

int tsk_pin_at(int fd, int dir_fd, const char *name, const char *path, struct tinyskel_result *res)
{
	struct tsk_attr_obj attr;
	int err;

	memset(&attr, 0, sizeof(attr));
	attr.pathname = TSK_PTR(name);
	attr.bpf_fd = (uint32_t)fd;
	attr.file_flags = PATH_FD;
	attr.path_fd = dir_fd;
	err = (int)tsk_sys_bpf(TSK_BPF_OBJ_PIN, &attr, sizeof(attr));
	if (err == -EINVAL) /* before 6.5: no BPF_F_PATH_FD; by path, after the caller's check */
		return tinyskel_pin(fd, path, res);
	return err ? tsk_op_fail(res, TINYSKEL_STEP_PIN, err, pin_reason(err)) : 0;
}

/* -ELOOP when `path` or a directory on the way to it is a symlink, 0 when
 * none is, or the errno of looking (-ENOENT: nothing there). */
static int no_symlink(const char *path)
{
	char buf[256];
	struct tsk_stat st;
	size_t n = strlen(path), i;
	int err;

	if (n >= sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, path, n + 1);
	for (i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0'; /* the path up to this component */
		err = tsk_sys_stat(-1, buf, &st);
		if (!err && st.link)
			err = -ELOOP;
		if (err)
			return err;
		buf[i] = path[i];
	}
	return 0;
}

int tinyskel_pinned_open(const char *path, uint32_t flags, struct tinyskel_result *res)
{
	int fd;

	if (!path || (flags & ~(uint32_t)(TINYSKEL_PIN_RDONLY | TINYSKEL_PIN_WRONLY | TINYSKEL_PIN_FOLLOW)))
		return tsk_op_fail(res, TINYSKEL_STEP_PIN, -EINVAL, "open pinned: no path, or unknown flags");
	/* BPF_OBJ_GET follows symlinks: one left where a pin (or the pins'
	 * directory) was sends us to whatever its maker chose.  Only when the
	 * caller asks. */
	if (!(flags & TINYSKEL_PIN_FOLLOW)) {
		fd = no_symlink(path);
		if (fd)
			return tsk_op_fail(res, TINYSKEL_STEP_PIN, fd,
					   fd == -ELOOP ? "open pinned: a symlink on the path (TINYSKEL_PIN_FOLLOW follows it)"
					   : fd == -ENOENT ? "open pinned: nothing pinned at that path"
					   : fd == -ENAMETOOLONG ? "open pinned: path too long"
							   : "open pinned: cannot look at the path (stat)");
	}
	fd = obj(TSK_BPF_OBJ_GET, 0, path, flags & ~(uint32_t)TINYSKEL_PIN_FOLLOW);
	if (fd < 0)
		return tsk_op_fail(res, TINYSKEL_STEP_PIN, fd,
				   fd == -ENOENT ? "open pinned: nothing pinned at that path"
						 : "open pinned: BPF_OBJ_GET failed (not a bpffs object?)");
	/* >= 3, like every fd the library hands out: 0 means "none" in a skeleton. */
	fd = (int)tsk_fd_good(fd);
	return fd < 0 ? tsk_op_fail(res, TINYSKEL_STEP_PIN, fd, "open pinned: cannot move the fd above 2") : fd;
}

int tinyskel_unpin(const char *path, struct tinyskel_result *res)
{
	int err = path ? tsk_sys_unlink(path) : -EINVAL;

	return err ? tsk_op_fail(res, TINYSKEL_STEP_PIN, err, "unpin: unlink failed") : 0;
}
