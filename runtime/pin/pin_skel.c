/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * pin_skel.c - pin every map and link of a skeleton under one directory:
 * DIR/MAPNAME and DIR/PROGNAME_link (bpffs refuses dots in names).  Either
 * all are pinned or, on failure, the ones this call pinned are removed.
 *
 * Whoever can write DIR can unlink a link pin (the program detaches) or
 * put a symlink where a map pin was (readers go elsewhere).  So DIR must
 * be a directory we own that nobody else may write: opened without
 * following a symlink, checked on that fd, and the pins made relative to
 * the same fd (BPF_F_PATH_FD), so a rename between check and pin cannot
 * move them.  Kernels before 6.5 lack BPF_F_PATH_FD: there the pins are
 * made by path after the same check.
 */
#include <errno.h>

#include "../internal.h"

static int path_of(char *buf, size_t size, const char *dir, const char *name, const char *suffix)
{
	size_t d = strlen(dir), n = strlen(name), s = strlen(suffix);

	if (d + 1 + n + s + 1 > size)
		return -ENAMETOOLONG;
	memcpy(buf, dir, d);
	buf[d] = '/';
	memcpy(buf + d + 1, name, n);
	memcpy(buf + d + 1 + n, suffix, s + 1);
	return 0;
}

/* Object i of the skeleton: maps first, then links; fd 0 = nothing to pin. */
static int nth(const struct tinyskel_skel_info *info, void *skel, uint32_t i, const char **name,
	       const char **suffix)
{
	if (i < info->nr_maps) {
		*name = info->maps[i].name;
		*suffix = "";
		return TSK_AT(skel, info->maps[i].desc_off, struct tinyskel_map_desc)->map_fd;
	}
	i -= info->nr_maps;
	*name = info->progs[i].name;
	*suffix = "_link";
	return *TSK_AT(skel, info->progs[i].link_off, int);
}

int tinyskel_unpin_skel(const struct tinyskel_skel_info *info, void *skel, const char *dir)
{
	char path[256];
	const char *name, *suffix;
	uint32_t i;
	int err = 0, e;

	/* By name, whatever the fds: the app that pinned may be long gone. */
	for (i = 0; i < info->nr_maps + info->nr_progs; i++) {
		nth(info, skel, i, &name, &suffix);
		if (path_of(path, sizeof(path), dir, name, suffix))
			continue;
		e = tsk_sys_unlink(path);
		if (e && e != -ENOENT && !err)
			err = e;
	}
	return err;
}

/* A map named like a program's link pin (PROG_link): every pin would then
 * fail EEXIST.  skelgen refuses such objects; a header from before it or
 * written by hand is refused here, by name. */
static const char *clash(const struct tinyskel_skel_info *info)
{
	uint32_t m, p;
	size_t n;

	for (m = 0; m < info->nr_maps; m++)
		for (p = 0; p < info->nr_progs; p++) {
			n = strlen(info->progs[p].name);
			if (!strncmp(info->maps[m].name, info->progs[p].name, n) && !strcmp(info->maps[m].name + n, "_link"))
				return info->maps[m].name;
		}
	return NULL;
}

/* The directory: ours and writable by nobody else.  Returns its fd or a failure. */
static int safe_dir(const char *dir, struct tinyskel_result *res)
{
	struct tsk_stat st;
	int dfd = tsk_sys_open(dir, 1), err;

	if (dfd < 0)
		return tsk_op_fail(res, TINYSKEL_STEP_PIN, dfd,
				   dfd == -ELOOP || dfd == -ENOTDIR ? "pin skeleton: the directory is a symlink or not a directory"
				   : dfd == -ENOENT ? "pin skeleton: no such directory (make it, mode 0700, on bpffs)"
						    : "pin skeleton: cannot open the directory");
	err = tsk_sys_stat(dfd, NULL, &st);
	if (!err && st.uid != tsk_sys_geteuid())
		err = tsk_op_fail(res, TINYSKEL_STEP_PIN, -EPERM,
				  "pin skeleton: the directory is not owned by this user (someone else made it first?)");
	else if (!err && (st.perm & 022))
		err = tsk_op_fail(res, TINYSKEL_STEP_PIN, -EPERM,
				  "pin skeleton: the directory is writable by group or others (others could unlink or replace pins)");
	else if (err)
		err = tsk_op_fail(res, TINYSKEL_STEP_PIN, err, "pin skeleton: cannot stat the directory");
	if (err) {
		tsk_sys_close(dfd);
		return err;
	}
	return dfd;
}

int tinyskel_pin_skel(const struct tinyskel_skel_info *info, void *skel, const char *dir,
		      struct tinyskel_result *res)
{
	char path[256];
	const char *name, *suffix;
	uint32_t i, j;
	int fd, dfd, err = 0;

	if (!info || !skel || !dir)
		return tsk_op_fail(res, TINYSKEL_STEP_PIN, -EINVAL, "pin skeleton: no skeleton or directory");
	if (clash(info))
		return tsk_op_fail(res, TINYSKEL_STEP_PIN, -EINVAL,
				   "pin skeleton: a map is named like a program's link pin (PROG_link)");
	dfd = safe_dir(dir, res);
	if (dfd < 0)
		return dfd;
	for (i = 0; i < info->nr_maps + info->nr_progs; i++) {
		fd = nth(info, skel, i, &name, &suffix);
		if (fd <= 0)
			continue;
		err = path_of(path, sizeof(path), dir, name, suffix);
		if (!err) /* the name alone, relative to the checked directory */
			err = tsk_pin_at(fd, dfd, path + strlen(dir) + 1, path, res);
		if (err)
			break;
	}
	tsk_sys_close(dfd);
	if (!err)
		return 0;
	for (j = 0; j < i; j++) { /* undo only what this call pinned */
		if (nth(info, skel, j, &name, &suffix) > 0 && !path_of(path, sizeof(path), dir, name, suffix))
			tsk_sys_unlink(path);
	}
	return tsk_op_fail(res, TINYSKEL_STEP_PIN, err,
			   err == -ENAMETOOLONG ? "pin skeleton: path too long" : res ? res->reason : "pin");
}
