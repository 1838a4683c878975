/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * guard_read.c - read the device guard's pinned configuration and counters
 * (include/tinyskel_guard.h) through read-only fds.  Memory and pins
 * another process could have made are input: each pin must be an array map
 * of the guard's name and shape, and the configuration must carry the
 * magic and version of this build.
 */
#include <errno.h>

#include "../internal.h"
#include "tinyskel_guard.h"

#define TSK_BPF_F_RDONLY (1u << 3)

static int path_of(char *buf, size_t size, const char *dir, const char *name)
{
	size_t d = strlen(dir), n = strlen(name);

	if (d + 1 + n + 1 > size)
		return -ENAMETOOLONG;
	memcpy(buf, dir, d);
	buf[d] = '/';
	memcpy(buf + d + 1, name, n + 1);
	return 0;
}

/* Open DIR/name read-only and check it is an ARRAY of this shape and name. */
static int open_map(const char *dir, const char *name, uint32_t value_size, uint32_t max_entries)
{
	struct tsk_attr_obj obj;
	struct tsk_bpf_map_info info;
	struct tsk_attr_info attr;
	char path[256];
	long fd, err;

	err = path_of(path, sizeof(path), dir, name);
	if (err)
		return (int)err;
	memset(&obj, 0, sizeof(obj));
	obj.pathname = TSK_PTR(path);
	obj.file_flags = TSK_BPF_F_RDONLY;
	fd = tsk_sys_bpf(TSK_BPF_OBJ_GET, &obj, offsetof(struct tsk_attr_obj, path_fd));
	if (fd < 0)
		return (int)fd;
	memset(&info, 0, sizeof(info));
	memset(&attr, 0, sizeof(attr));
	attr.bpf_fd = (uint32_t)fd;
	attr.info_len = offsetof(struct tsk_bpf_map_info, ifindex);
	attr.info = TSK_PTR(&info);
	err = tsk_sys_bpf(TSK_BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr));
	if (!err && (info.type != TSK_BPF_MAP_TYPE_ARRAY || info.key_size != 4 || info.value_size != value_size ||
		     info.max_entries != max_entries || strncmp(info.name, name, sizeof(info.name)) != 0))
		err = -ENOENT; /* not the guard's map: as if there were none */
	if (err) {
		tsk_sys_close((int)fd);
		return (int)err;
	}
	return (int)fd;
}

static int lookup(int fd, uint32_t key, void *value)
{
	struct tsk_attr_map_elem elem;

	memset(&elem, 0, sizeof(elem));
	elem.map_fd = (uint32_t)fd;
	elem.key = TSK_PTR(&key);
	elem.value = TSK_PTR(value);
	return (int)tsk_sys_bpf(TSK_BPF_MAP_LOOKUP_ELEM, &elem, sizeof(elem));
}

static int read_map(const char *dir, const char *name, uint32_t value_size, uint32_t max_entries,
		    void *values)
{
	int fd = open_map(dir, name, value_size, max_entries), err = 0;
	uint32_t i;

	if (fd < 0)
		return fd;
	for (i = 0; i < max_entries && !err; i++)
		err = lookup(fd, i, (char *)values + (size_t)i * value_size);
	tsk_sys_close(fd);
	return err;
}

static const char *why(int err)
{
	return err == -ENOENT ? "guard: none pinned there (not loaded, or not its maps)"
	       : err == -EPROTO ? "guard: config of another version"
	       : err == -EACCES ? "guard: pins not readable (root only)"
	       : "guard: cannot read its pinned maps";
}

int tinyskel_guard_events(const char *dir, struct tinyskel_guard_event *ev, struct tinyskel_result *res)
{
	int err;

	if (!ev)
		return tsk_op_fail(res, TINYSKEL_STEP_PIN, -EINVAL, "guard: no event storage");
	err = read_map(dir ? dir : CONFIG_GUARD_DIR, "guard_events", sizeof(*ev), TINYSKEL_GUARD_EVENTS, ev);
	return err ? tsk_op_fail(res, TINYSKEL_STEP_PIN, err, why(err)) : 0;
}

int tinyskel_guard_read(const char *dir, struct tinyskel_guard_config *cfg, struct tinyskel_guard_stats *st,
			struct tinyskel_result *res)
{
	int err;

	if (!dir)
		dir = CONFIG_GUARD_DIR;
	if (!cfg)
		return tsk_op_fail(res, TINYSKEL_STEP_PIN, -EINVAL, "guard: no config storage");
	err = read_map(dir, "guard_config", sizeof(*cfg), 1, cfg);
	if (!err && (cfg->magic != TINYSKEL_GUARD_MAGIC || cfg->version != TINYSKEL_GUARD_VERSION))
		err = -EPROTO;
	if (!err && st)
		err = read_map(dir, "guard_stats", sizeof(*st), 1, st);
	return err ? tsk_op_fail(res, TINYSKEL_STEP_PIN, err, why(err)) : 0;
}
