/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * attach_uprobe.c - uprobe/uretprobe on a function of an ELF binary:
 * symbol -> file offset (uprobe_elf.c), then a perf event of the uprobe
 * PMU (4.17+) linked to the program.
 */
#include <errno.h>

#include "../internal.h"

static long parse_num(const char *s)
{
	long v = 0;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	for (; *s >= '0' && *s <= '9'; s++)
		if ((v = v * 10 + (*s - '0')) > 0x7fffffffL)
			return -ERANGE;
	return v;
}

/* The uprobe PMU's type and its retprobe bit ("config:N"). */
static long uprobe_pmu(int retprobe, uint64_t *config)
{
	char buf[32];
	long type, bit;

	*config = 0;
	type = tsk_sys_read_file("/sys/bus/event_source/devices/uprobe/type", buf, sizeof(buf));
	if (type < 0 || (type = parse_num(buf)) < 0 || !retprobe)
		return type;
	bit = tsk_sys_read_file("/sys/bus/event_source/devices/uprobe/format/retprobe", buf, sizeof(buf));
	if (bit < 0)
		return bit;
	if (strncmp(buf, "config:", 7) != 0 || (bit = parse_num(buf + 7)) < 0 || bit > 63)
		return -EINVAL;
	*config = 1ull << bit;
	return type;
}

int tinyskel_link_uprobe(int prog_fd, const char *binary, uint64_t offset, int pid, int retprobe)
{
	struct tsk_perf_event_attr attr;
	long type;
	int pfd;

	if (prog_fd <= 0 || !binary)
		return -EINVAL;
	memset(&attr, 0, sizeof(attr));
	type = uprobe_pmu(retprobe, &attr.config);
	if (type < 0)
		return (int)type;
	attr.size = sizeof(attr);
	attr.type = (uint32_t)type;
	attr.sample_period = 1;
	attr.wakeup_events = 1;
	attr.config1 = TSK_PTR(binary);
	attr.config2 = offset;
	/* Every process (-1) needs a cpu (0); one process: any cpu (-1).  The
	 * program runs on every CPU either way: it hangs off the probe. */
	pfd = tsk_sys_perf_event_open(&attr, pid > 0 ? pid : -1, pid > 0 ? -1 : 0, -1, TSK_PERF_FLAG_FD_CLOEXEC);
	return tsk_perf_link(pfd, prog_fd);
}

int tinyskel_attach_uprobe(const struct tinyskel_skel_info *info, void *skel, uint32_t idx, const char *binary,
			   const char *func, int pid, int retprobe, struct tinyskel_result *res)
{
	uint64_t off = 0;
	int prog_fd = tsk_slot_prog(info, skel, idx, res), err, link;

	if (prog_fd < 0)
		return prog_fd;
	err = tinyskel_elf_func_offset(binary, func, &off);
	if (err)
		return tsk_op_fail(res, TINYSKEL_STEP_ATTACH, err,
				   err == -ENOENT ? "uprobe attach: binary or function not found"
				   : err == -EOPNOTSUPP ? "uprobe attach: Thumb or MIPS16/microMIPS function (uprobes need ARM or MIPS32 code)"
				   : "uprobe attach: cannot read the ELF binary");
	link = tinyskel_link_uprobe(prog_fd, binary, off, pid, retprobe);
	return tsk_slot_attach(info, skel, idx, link, res, "uprobe attach: perf_event_open or link failed (CONFIG_UPROBES?)");
}
