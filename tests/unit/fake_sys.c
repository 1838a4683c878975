/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* fake_sys.c - see fake_sys.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fake_sys.h"
#include "config.h"
#include "sys.h"
#include "tinyskel_uapi.h"

#define MAX_FD 4096

struct fake_state fake;

/* struct bpf_insn as the kernel declares it: the compiler lays the
 * bitfields out for this CPU's byte order, independently of TSK_REGS. */
struct kernel_insn {
	uint8_t code;
	uint8_t dst_reg : 4;
	uint8_t src_reg : 4;
	int16_t off;
	int32_t imm;
};
static unsigned char is_open[MAX_FD];
static unsigned char is_excl[MAX_FD]; /* map created with excl_prog_hash */
int fake_bad_closes;

void fake_reset(const struct tinyskel_skel_info *info)
{
	memset(&fake, 0, sizeof(fake));
	memset(is_open, 0, sizeof(is_open));
	memset(is_excl, 0, sizeof(is_excl));
	fake_bad_closes = 0;
	fake.fail_at = -1;
	fake.fail_cmd = -1;
	fake.info = info;
	fake.excl_supported = 1;
	fake.verify_err = -EOPNOTSUPP;
	fake.probe_sig_err = -EOPNOTSUPP;
	fake.next_fd = 3;
	fake.guard_fd = -1;
	tinyskel_probe_reset();
}

int fake_count(int call, int cmd)
{
	int i, n = 0;

	for (i = 0; i < fake.ncalls && i < FAKE_MAX_CALLS; i++)
		n += fake.rec[i].call == call && (cmd < 0 || fake.rec[i].cmd == cmd);
	return n;
}

static int lowest_free(int min)
{
	int fd;

	for (fd = min; fd < MAX_FD; fd++)
		if (!is_open[fd] && (fd >= 3 || (fake.std_closed >> fd & 1)))
			break;
	return fd;
}

static int new_fd_from(int min)
{
	int fd = fake.std_closed ? lowest_free(min) : fake.next_fd++;

	if (fd >= MAX_FD)
		abort();
	is_open[fd] = 1;
	fake.open_fds++;
	return fd;
}

static int new_fd(void)
{
	return new_fd_from(0);
}

/* Record the call; returns the injected error, or 0 to go on. */
static int enter(int call, int cmd, const void *attr, unsigned size)
{
	int i = fake.ncalls++;

	if (i < FAKE_MAX_CALLS) {
		fake.rec[i].call = call;
		fake.rec[i].cmd = cmd;
		fake.rec[i].size = size;
		fake.rec[i].text[0] = '\0';
		if (attr)
			memcpy(fake.rec[i].attr, attr, size < sizeof(fake.rec[i].attr) ? size : sizeof(fake.rec[i].attr));
	}
	return i == fake.fail_at || (call == FAKE_BPF && cmd == fake.fail_cmd) ? fake.fail_err : 0;
}

static long leave(long ret)
{
	if (fake.ncalls - 1 < FAKE_MAX_CALLS)
		fake.rec[fake.ncalls - 1].ret = ret;
	return ret;
}

static void play_loader(struct tsk_attr_test_run *run)
{
	const struct tinyskel_skel_info *info = fake.info;
	char *skel = (char *)(uintptr_t)run->ctx_in;
	uint32_t i;

	if (fake.before_run)
		fake.before_run();
	fake.run_ctx_sz = run->ctx_size_in;
	if (run->ctx_size_in <= sizeof(fake.run_ctx))
		memcpy(fake.run_ctx, skel, run->ctx_size_in);
	run->retval = (uint32_t)fake.loader_retval;
	fake.run_log_buf = ((const struct tinyskel_loader_ctx *)skel)->log_buf;
	fake.run_log_level = ((const struct tinyskel_loader_ctx *)skel)->log_level;
	if (!info || fake.loader_retval < 0 || run->ctx_size_in != info->ctx_sz)
		return;
	for (i = 0; i < info->nr_maps; i++)
		((struct tinyskel_map_desc *)(skel + info->maps[i].desc_off))->map_fd = new_fd();
	for (i = 0; i < info->nr_progs; i++)
		((struct tinyskel_prog_desc *)(skel + info->progs[i].desc_off))->prog_fd = new_fd();
}

static long prog_load(struct tsk_attr_prog_load *a, unsigned size)
{
	if (size >= 168 && a->signature) {
		if (size > 168 && a->signature_maps_size && !fake.chain_supported)
			return -E2BIG;
		if (a->insn_cnt == 2) { /* the probe's junk signature */
			const int *fds = (const int *)(uintptr_t)a->fd_array;

			/* with a map exclusive to it, a kernel gets to the signature */
			if (fds && fds[0] >= 0 && fds[0] < MAX_FD && is_excl[fds[0]])
				return fake.verify_err ? fake.verify_err : -EBADMSG;
			return fake.probe_sig_err ? fake.probe_sig_err : new_fd();
		}
		if (fake.verify_err)
			return fake.verify_err;
	}
	if (size > 168 && a->signature_maps_size && !fake.chain_supported)
		return -E2BIG;
	/* probe_layout.c's map reads: ld_imm64 map, ldx, mov, exit */
	if (a->insn_cnt == 5 && !a->signature) {
		const struct tsk_bpf_insn *in = (const struct tsk_bpf_insn *)(uintptr_t)a->insns;
		const struct kernel_insn *k = (const struct kernel_insn *)(uintptr_t)a->insns;
		int e = fake.layout_err[in[2].off == TINYSKEL_INLOADER_EXCL_OFF];

		/* read as the kernel does: r1 = map (pseudo 5), r2 = *(r1 + off) */
		if (k[0].dst_reg != 1 || k[0].src_reg != 5 || k[2].dst_reg != 2 || k[2].src_reg != 1)
			return -EINVAL;
		if (e)
			return e;
	}
	return new_fd();
}

long tsk_sys_bpf(int cmd, void *attr, unsigned int size)
{
	int err = enter(FAKE_BPF, cmd, attr, size);
	long ret = 0;

	if (err) {
		/* A failed load with a log buffer gets the verifier's words. */
		if (cmd == TSK_BPF_PROG_LOAD && fake.log_text) {
			struct tsk_attr_prog_load *a = attr;

			if (a->log_level && a->log_buf && a->log_size) {
				strncpy((char *)(uintptr_t)a->log_buf, fake.log_text, a->log_size - 1);
				a->log_true_size = (uint32_t)strlen(fake.log_text) + 1;
			}
		}
		return leave(err);
	}
	switch (cmd) {
	case TSK_BPF_MAP_CREATE: {
		struct tsk_attr_map_create *a = attr;

		if (size >= TSK_MAP_CREATE_SZ_EXCL && a->excl_prog_hash && !fake.excl_supported) {
			ret = -E2BIG;
		} else {
			ret = new_fd();
			is_excl[ret] = size >= TSK_MAP_CREATE_SZ_EXCL && a->excl_prog_hash;
		}
		break;
	}
	case TSK_BPF_OBJ_GET_INFO_BY_FD: {
		struct tsk_attr_info *a = attr;
		struct tsk_bpf_map_info *mi = (struct tsk_bpf_map_info *)(uintptr_t)a->info;

		if (fake.map_type) {
			mi->type = fake.map_type;
			mi->max_entries = fake.max_entries;
		}
		if (fake.guard_cfg && (int)a->bpf_fd == fake.guard_fd) {
			mi->type = TSK_BPF_MAP_TYPE_ARRAY;
			mi->key_size = 4;
			mi->value_size = fake.guard_cfg_size;
			mi->max_entries = 1;
			memcpy(mi->name, "guard_config", sizeof("guard_config"));
		}
		if (fake.info && mi->hash && mi->hash_size == 32)
			memcpy((void *)(uintptr_t)mi->hash, fake.info->blob->data_sha256, 32);
		break;
	}
	case TSK_BPF_PROG_LOAD:
		ret = prog_load(attr, size);
		break;
	case TSK_BPF_PROG_RUN:
		play_loader(attr);
		break;
	case TSK_BPF_OBJ_GET: {
		const struct tsk_attr_obj *a = attr;
		const char *path = (const char *)(uintptr_t)a->pathname;

		/* No device guard (runtime/guard/) pinned unless a test gives one. */
		if (path && !strncmp(path, CONFIG_GUARD_DIR "/", sizeof(CONFIG_GUARD_DIR)))
			ret = fake.guard_cfg && !strcmp(path, CONFIG_GUARD_DIR "/guard_config")
				      ? (fake.guard_fd = new_fd())
				      : -ENOENT;
		else
			ret = new_fd();
		break;
	}
	case TSK_BPF_MAP_LOOKUP_ELEM: {
		const struct tsk_attr_map_elem *a = attr;

		if (fake.guard_cfg && (int)a->map_fd == fake.guard_fd)
			memcpy((void *)(uintptr_t)a->value, fake.guard_cfg, fake.guard_cfg_size);
		else
			ret = fake.bpf_ret;
		break;
	}
	case TSK_BPF_OBJ_PIN: {
		struct tsk_attr_obj *a = attr;

		ret = fake.no_path_fd && size > offsetof(struct tsk_attr_obj, path_fd) && (a->file_flags & (1u << 14))
			      ? -EINVAL : fake.bpf_ret;
		break;
	}
	case TSK_BPF_RAW_TRACEPOINT_OPEN:
	case TSK_BPF_LINK_CREATE:
		ret = new_fd();
		break;
	default:
		ret = fake.bpf_ret;
		break;
	}
	return leave(ret);
}

int tsk_sys_close(int fd)
{
	int err = enter(FAKE_CLOSE, fd, NULL, 0);

	/* close() releases the fd even when it reports an error. */
	if (fd < 0 || fd >= MAX_FD || !is_open[fd]) {
		fake_bad_closes++;
		return (int)leave(-EBADF);
	}
	is_open[fd] = 0;
	fake.open_fds--;
	return (int)leave(err);
}

void *tsk_sys_mmap(size_t len, int writable, int fd, int *errp)
{
	int err = enter(FAKE_MMAP, writable, NULL, 0);
	void *p;

	if (!err && (fd < 0 || fd >= MAX_FD || !is_open[fd]))
		err = -EBADF;
	if (err) {
		*errp = err;
		leave(err);
		return NULL;
	}
	p = calloc(1, len);
	if (!p) {
		*errp = -ENOMEM;
		return NULL;
	}
	fake.maps_mapped++;
	leave(0);
	return p;
}

int tsk_sys_munmap(void *addr, size_t len)
{
	(void)len;
	enter(FAKE_MUNMAP, 0, NULL, 0);
	free(addr);
	fake.maps_mapped--;
	return (int)leave(0);
}

size_t tsk_sys_pagesize(void)
{
	return 4096;
}

long tsk_sys_read_file(const char *path, char *buf, size_t size)
{
	int err = enter(FAKE_READ, 0, NULL, 0);
	const char *text = strstr(path, "/retprobe") ? "config:0\n" :
			   strstr(path, "kprobe/type") ? "6\n" : strstr(path, "uprobe/type") ? "7\n" :
			   fake.read_text ? fake.read_text : "309\n";

	if (err)
		return leave(err);
	strncpy(buf, text, size - 1);
	buf[size - 1] = '\0';
	return leave((long)strlen(buf));
}

int tsk_sys_perf_event_open(void *attr, int pid, int cpu, int group_fd, unsigned long flags)
{
	int err = enter(FAKE_PERF, 0, attr, 72);
	const struct tsk_perf_event_attr *a = attr;

	if (fake.ncalls - 1 < FAKE_MAX_CALLS && a->config1)
		strncpy(fake.rec[fake.ncalls - 1].text, (const char *)(uintptr_t)a->config1,
			sizeof(fake.rec[0].text) - 1);

	(void)pid, (void)cpu, (void)group_fd, (void)flags;
	return (int)leave(err ? err : new_fd());
}

int tsk_sys_ioctl(int fd, unsigned long req, unsigned long arg)
{
	(void)fd, (void)arg;
	return (int)leave(enter(FAKE_IOCTL, (int)(req & 0xffff), NULL, 0));
}

int tsk_sys_dupfd(int fd, int min)
{
	int err = enter(FAKE_DUP, fd, NULL, 0);

	if (!err && (fd < 0 || fd >= MAX_FD || !is_open[fd]))
		err = -EBADF;
	return (int)leave(err ? err : new_fd_from(min));
}

int tsk_sys_open(const char *path, int dir)
{
	int err = enter(FAKE_OPEN, dir, NULL, 0);

	(void)path;
	return (int)leave(err ? err : new_fd());
}

int tsk_sys_stat(int fd, const char *name, struct tsk_stat *st)
{
	int err = enter(FAKE_STAT, name != NULL, NULL, 0);

	if (!err && !name && (fd < 0 || fd >= MAX_FD || !is_open[fd]))
		err = -EBADF;
	if (err)
		return (int)leave(err);
	memset(st, 0, sizeof(*st));
	st->uid = fake.dir_uid;
	st->perm = name ? 0600 : fake.dir_perm;
	st->dir = !name;
	st->link = name && fake.name_is_link;
	return (int)leave(0);
}

uint32_t tsk_sys_geteuid(void)
{
	return fake.euid;
}

/* Iterators and perf buffers are proven on the real kernel
 * (tests/kernel/iter_perf.sh); here read() only fails. */
long tsk_sys_read(int fd, void *buf, size_t len)
{
	(void)fd, (void)buf, (void)len;
	return -ENOSYS;
}

long tsk_sys_pread(int fd, void *buf, size_t len, uint64_t off)
{
	int err = enter(FAKE_PREAD, 0, NULL, 0);

	if (!err && (fd < 0 || fd >= MAX_FD || !is_open[fd]))
		err = -EBADF;
	if (err)
		return leave(err);
	if (off >= fake.file_size)
		return leave(0);
	if (len > fake.file_size - off)
		len = (size_t)(fake.file_size - off);
	memcpy(buf, fake.file + off, len);
	return leave((long)len);
}

int tsk_sys_unlink(const char *path)
{
	int err = enter(FAKE_UNLINK, 0, NULL, 0);

	(void)path;
	return (int)leave(err);
}

void *tsk_sys_mmap_off(size_t len, int writable, int fd, uint64_t off, int *errp)
{
	void *p;

	(void)off;
	p = tsk_sys_mmap(len, writable, fd, errp);
	if (p)
		fake.last_mmap = p;
	return p;
}

int tsk_sys_epoll_create(void)
{
	int err = enter(FAKE_EPOLL_CREATE, 0, NULL, 0);

	return (int)leave(err ? err : new_fd());
}

int tsk_sys_epoll_add(int epfd, int fd, uint32_t tag)
{
	int err = enter(FAKE_EPOLL_ADD, (int)tag, NULL, 0);

	if (!err && (epfd < 0 || epfd >= MAX_FD || !is_open[epfd] || fd <= 0))
		err = -EBADF;
	return (int)leave(err);
}

int tsk_sys_epoll_wait(int epfd, uint32_t *tags, int max, int timeout_ms)
{
	int err = enter(FAKE_EPOLL_WAIT, timeout_ms, NULL, 0), n = 0, i;

	(void)epfd;
	if (err)
		return (int)leave(err);
	for (i = 0; i < 16 && n < max; i++)
		if (fake.epoll_ready & (1 << i))
			tags[n++] = (uint32_t)i;
	return (int)leave(n);
}

/* Scratch pages: heap here, so ASan's leak check sees one never given back. */
void *tsk_sys_scratch(size_t len, int *errp)
{
	void *p = calloc(1, len);

	if (!p)
		*errp = -ENOMEM;
	return p;
}

void tsk_sys_scratch_free(void *p, size_t len)
{
	(void)len;
	free(p);
}
