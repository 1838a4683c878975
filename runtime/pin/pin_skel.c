/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * pin_skel.c - pin every map and link of a skeleton under one directory:
 * DIR/MAPNAME and DIR/PROGNAME_link (bpffs refuses dots in names).  Either
 * all are pinned or, on failure, the ones this call pinned are removed.
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

int tinyskel_pin_skel(const struct tinyskel_skel_info *info, void *skel, const char *dir,
		      struct tinyskel_result *res)
{
	char path[256];
	const char *name, *suffix;
	uint32_t i, j;
	int fd, err = 0;

	if (!info || !skel || !dir)
		return tsk_op_fail(res, TINYSKEL_STEP_PIN, -EINVAL, "pin skeleton: no skeleton or directory");
	for (i = 0; i < info->nr_maps + info->nr_progs; i++) {
		fd = nth(info, skel, i, &name, &suffix);
		if (fd <= 0)
			continue;
		err = path_of(path, sizeof(path), dir, name, suffix);
		if (!err)
			err = tinyskel_pin(fd, path, res);
		if (err)
			break;
	}
	if (!err)
		return 0;
	for (j = 0; j < i; j++) { /* undo only what this call pinned */
		if (nth(info, skel, j, &name, &suffix) > 0 && !path_of(path, sizeof(path), dir, name, suffix))
			tsk_sys_unlink(path);
	}
	return tsk_op_fail(res, TINYSKEL_STEP_PIN, err,
			   err == -ENAMETOOLONG ? "pin skeleton: path too long" : res ? res->reason : "pin");
}
