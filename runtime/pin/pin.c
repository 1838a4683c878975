/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * pin.c - bpffs: pin an fd to a path, open a pinned object, unpin.
 * A pinned link keeps its program attached after the process exits;
 * a pinned map can be opened by another process.
 */
#include <errno.h>

#include "../internal.h"

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

int tinyskel_pinned_open(const char *path, uint32_t flags, struct tinyskel_result *res)
{
	int fd;

	if (!path || (flags & ~(uint32_t)(TINYSKEL_PIN_RDONLY | TINYSKEL_PIN_WRONLY)))
		return tsk_op_fail(res, TINYSKEL_STEP_PIN, -EINVAL, "open pinned: no path, or unknown flags");
	fd = obj(TSK_BPF_OBJ_GET, 0, path, flags);
	if (fd < 0)
		return tsk_op_fail(res, TINYSKEL_STEP_PIN, fd,
				   fd == -ENOENT ? "open pinned: nothing pinned at that path"
						 : "open pinned: BPF_OBJ_GET failed (not a bpffs object?)");
	return fd;
}

int tinyskel_unpin(const char *path, struct tinyskel_result *res)
{
	int err = path ? tsk_sys_unlink(path) : -EINVAL;

	return err ? tsk_op_fail(res, TINYSKEL_STEP_PIN, err, "unpin: unlink failed") : 0;
}
