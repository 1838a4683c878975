/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * usdt_attach.c - attach a program written with libbpf's <bpf/usdt.bpf.h>
 * (SEC("usdt"), BPF_USDT) to a USDT probe of a binary, as libbpf's
 * bpf_program__attach_usdt does:
 *   1. find each site of PROVIDER:NAME in the binary's .note.stapsdt notes
 *      (owner "stapsdt", type 3: pc, base, semaphore, then
 *      "provider\0name\0args\0");
 *   2. write the site's argument specs into the skeleton's
 *      __bpf_usdt_specs map at a spec id;
 *   3. put a uprobe on the site (its file offset; the semaphore, if any, as
 *      the uprobe's reference counter) and link the program to it with the
 *      spec id as BPF cookie, which usdt.bpf.h reads with
 *      bpf_get_attach_cookie (LINUX_HAS_BPF_COOKIE: kernels 5.15+).
 * Not handled: the ip-to-spec map of kernels without cookies, prelinked
 * binaries (.stapsdt.base moved), argument forms other than x86-64's
 * register, constant and register+offset.
 */
#include <errno.h>

#include "../internal.h"
#include "../elf/elf.h"
#include "usdt.h"

#define SHT_NOTE_ 7
#define NT_STAPSDT 3
#define NOTE_MAX 512 /* bytes of one note's descriptor we read */

struct site {
	uint64_t pc, sema;
	char args[256];
};

static uint32_t up4(uint32_t v)
{
	return (v + 3) & ~3u;
}

/* The next site of provider:name at or after *pos in the note section
 * [off, off+size).  1 found, 0 none left, negative errno. */
static int next_site(const struct tsk_elf *e, uint64_t off, uint64_t size, uint64_t *pos, const char *provider,
		     const char *name, struct site *s)
{
	uint8_t b[12 + 8 + NOTE_MAX];
	int err;

	while (*pos + 12 <= size) {
		uint32_t namesz, descsz, type, asz = e->is64 ? 8 : 4;
		uint64_t at = *pos;
		const char *p, *prov, *nm, *args, *end;

		if ((err = tsk_elf_read(e->fd, b, 12, off + at)))
			return err;
		namesz = tsk_rd32(b);
		descsz = tsk_rd32(b + 4);
		type = tsk_rd32(b + 8);
		if (up4(namesz) < namesz || up4(descsz) < descsz || at + 12 + up4(namesz) + up4(descsz) > size)
			return -ENOEXEC;
		*pos = at + 12 + up4(namesz) + up4(descsz);
		if (type != NT_STAPSDT || namesz != 8 || descsz > NOTE_MAX || descsz < 3 * asz + 3)
			continue;
		if ((err = tsk_elf_read(e->fd, b, 12 + 8 + descsz, off + at)))
			return err;
		if (memcmp(b + 12, "stapsdt", 8))
			continue;
		p = (const char *)b + 20;
		end = p + descsz;
		prov = p + 3 * asz;
		nm = memchr(prov, 0, (size_t)(end - prov)) ? prov + strlen(prov) + 1 : end;
		args = nm < end && memchr(nm, 0, (size_t)(end - nm)) ? nm + strlen(nm) + 1 : end;
		if (args >= end || !memchr(args, 0, (size_t)(end - args)) || strcmp(prov, provider) || strcmp(nm, name))
			continue;
		s->pc = asz == 8 ? tsk_rd64(b + 20) : tsk_rd32(b + 20);
		s->sema = asz == 8 ? tsk_rd64(b + 20 + 2 * asz) : tsk_rd32(b + 20 + 2 * asz);
		if (strlen(args) >= sizeof(s->args))
			return -E2BIG;
		memcpy(s->args, args, strlen(args) + 1);
		return 1;
	}
	return 0;
}

static long parse_num(const char *s)
{
	long v = 0;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	for (; *s >= '0' && *s <= '9' && v < 0x7fffffffL / 10; s++)
		v = v * 10 + (*s - '0');
	return v;
}

/* uprobe on binary+offset (ref_ctr: the semaphore's offset, or 0), linked
 * to prog_fd with `cookie`.  The link fd or a negative errno. */
static int link_site(int prog_fd, const char *binary, uint64_t offset, uint64_t ref_ctr, int pid, uint64_t cookie)
{
	struct tsk_perf_event_attr attr;
	struct tsk_attr_link_create link;
	char buf[32];
	long type = tsk_sys_read_file("/sys/bus/event_source/devices/uprobe/type", buf, sizeof(buf));
	int pfd, fd;

	if (type < 0 || (type = parse_num(buf)) < 0)
		return type < 0 ? (int)type : -ENOENT;
	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = (uint32_t)type;
	attr.config = ref_ctr << 32; /* format/ref_ctr_offset: config:32-63 (4.20+) */
	attr.sample_period = 1;
	attr.wakeup_events = 1;
	attr.config1 = TSK_PTR(binary);
	attr.config2 = offset;
	pfd = (int)tsk_fd_good(tsk_sys_perf_event_open(&attr, pid > 0 ? pid : -1, pid > 0 ? -1 : 0, -1,
						      TSK_PERF_FLAG_FD_CLOEXEC));
	if (pfd < 0)
		return pfd;
	memset(&link, 0, sizeof(link));
	link.prog_fd = (uint32_t)prog_fd;
	link.target_fd = (uint32_t)pfd;
	link.attach_type = TSK_BPF_PERF_EVENT;
	link.iter_info = cookie; /* offset 16: perf_event.bpf_cookie in the same union */
	fd = (int)tsk_fd_good(tsk_sys_bpf(TSK_BPF_LINK_CREATE, &link, offsetof(struct tsk_attr_link_create, iter_info_len)));
	tsk_sys_close(pfd); /* the link holds the event, or we failed */
	return fd;
}

static int map_fd(const struct tinyskel_skel_info *info, void *skel, const char *name)
{
	uint32_t i;

	for (i = 0; i < info->nr_maps; i++)
		if (!strcmp(info->maps[i].name, name))
			return TSK_AT(skel, info->maps[i].desc_off, struct tinyskel_map_desc)->map_fd;
	return -ENOENT;
}

static int fail(struct tinyskel_usdt_links *l, struct tinyskel_result *res, int err, const char *why)
{
	tinyskel_usdt_links_close(l);
	return tsk_op_fail(res, TINYSKEL_STEP_ATTACH, err, why);
}

int tinyskel_attach_usdt(const struct tinyskel_skel_info *info, void *skel, uint32_t idx, const char *binary,
			 int pid, const char *provider, const char *name, uint64_t usdt_cookie,
			 struct tinyskel_usdt_links *links, struct tinyskel_result *res)
{
	uint32_t first = links ? links->first_spec_id : 0, i;
	struct tsk_elf e;
	struct tsk_elf_shdr sh;
	int fd, prog_fd, specs, err = 0;

	if (!links)
		return tsk_op_fail(res, TINYSKEL_STEP_ATTACH, -EINVAL, "usdt attach: no links struct");
	memset(links, 0, sizeof(*links));
	links->first_spec_id = first;
	if (!info || !skel || idx >= info->nr_progs || !binary || !provider || !name)
		return fail(links, res, -EINVAL, "usdt attach: no such program, or no binary/provider/name");
	prog_fd = TSK_AT(skel, info->progs[idx].desc_off, struct tinyskel_prog_desc)->prog_fd;
	specs = map_fd(info, skel, "__bpf_usdt_specs");
	if (prog_fd <= 0 || specs <= 0)
		return fail(links, res, prog_fd <= 0 ? -EBADF : -ENOENT,
			    prog_fd <= 0 ? "usdt attach: skeleton not loaded"
					 : "usdt attach: the object has no __bpf_usdt_specs map (not built with <bpf/usdt.bpf.h>)");
	fd = tsk_sys_open(binary, 0);
	if (fd < 0)
		return fail(links, res, fd, "usdt attach: cannot open the binary");
	err = tsk_elf_open(&e, fd);
	for (i = 0; !err && i < e.shnum; i++) {
		uint64_t pos = 0;
		struct site s;
		int r;

		if ((err = tsk_elf_shdr(&e, i, &sh)) || sh.type != SHT_NOTE_)
			continue;
		while (!err && (r = next_site(&e, sh.offset, sh.size, &pos, provider, name, &s)) != 0) {
			struct tsk_usdt_spec spec;
			struct tsk_attr_map_elem up;
			uint64_t off, sema_off = 0;
			uint32_t key = first + links->nr;
			int n, link;

			if (r < 0) {
				err = r;
				break;
			}
			if (links->nr == TINYSKEL_USDT_MAX_SITES) {
				err = -E2BIG;
				break;
			}
			memset(&spec, 0, sizeof(spec));
			n = tsk_usdt_parse_args(s.args, spec.args, TSK_USDT_MAX_ARGS);
			if (n < 0) {
				tsk_sys_close(fd);
				return fail(links, res, n, n == -EOPNOTSUPP ?
						   "usdt attach: an argument form or architecture this runtime does not read" :
						   "usdt attach: malformed argument string in the probe's note");
			}
			spec.arg_cnt = (int16_t)n;
			spec.usdt_cookie = usdt_cookie;
			if ((err = tsk_elf_to_offset(&e, s.pc, &off)) || (s.sema && (err = tsk_elf_to_offset(&e, s.sema, &sema_off))))
				break;
			memset(&up, 0, sizeof(up));
			up.map_fd = (uint32_t)specs;
			up.key = TSK_PTR(&key);
			up.value = TSK_PTR(&spec);
			if ((err = (int)tsk_sys_bpf(TSK_BPF_MAP_UPDATE_ELEM, &up, sizeof(up)))) {
				tsk_sys_close(fd);
				return fail(links, res, err, "usdt attach: writing the spec into __bpf_usdt_specs refused");
			}
			link = link_site(prog_fd, binary, off, sema_off, pid, key);
			if (link < 0) {
				tsk_sys_close(fd);
				return fail(links, res, link, link == -ENOENT ?
						   "usdt attach: no uprobe PMU (/sys/bus/event_source/devices/uprobe)" :
						   "usdt attach: uprobe or BPF link with cookie refused (5.15+)");
			}
			links->fd[links->nr++] = link;
		}
	}
	tsk_sys_close(fd);
	if (err)
		return fail(links, res, err, err == -E2BIG ? "usdt attach: more sites than TINYSKEL_USDT_MAX_SITES"
							   : "usdt attach: cannot read the binary's ELF notes");
	if (!links->nr)
		return fail(links, res, -ENOENT, "usdt attach: no such probe (provider:name) in the binary");
	return (int)links->nr;
}

void tinyskel_usdt_links_close(struct tinyskel_usdt_links *links)
{
	uint32_t i, first;

	if (!links)
		return;
	first = links->first_spec_id;
	for (i = 0; i < links->nr; i++)
		if (links->fd[i] > 0)
			tsk_sys_close(links->fd[i]);
	memset(links, 0, sizeof(*links));
	links->first_spec_id = first;
}
