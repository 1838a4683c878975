/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * perf_event.c - a SEC("perf_event") program on a perf event per CPU (what
 * bcc's profile does: a software cpu-clock or a hardware counter sampling
 * every CPU).  Each CPU's event becomes a BPF link (5.15+, else the event
 * fd with the program set on it), kept in the caller's struct.
 */
#include <errno.h>

#include "../internal.h"

#define PERF_FLAG_FD_CLOEXEC_ 8ul

struct perf_attr {
	uint32_t type, size;
	uint64_t config, sample_period, sample_type, read_format, flags;
	uint32_t wakeup_events, bp_type;
	uint64_t config1;
};
#define ATTR_FREQ (1ull << 10) /* perf_event_attr.freq: sample_period is a frequency */

int tinyskel_attach_perf_event(const struct tinyskel_skel_info *info, void *skel, uint32_t idx,
			       const struct tinyskel_perf_event *ev, struct tinyskel_perf_links *links,
			       struct tinyskel_result *res)
{
	struct perf_attr a;
	uint32_t cpu;
	int prog_fd, pfd, link;

	memset(links, 0, sizeof(*links));
	if (!info || !skel || !ev || idx >= info->nr_progs || !ev->period || !ev->nr_cpus ||
	    ev->nr_cpus > TINYSKEL_PERF_MAX_CPUS)
		return tsk_op_fail(res, TINYSKEL_STEP_ATTACH, -EINVAL,
				   "perf_event attach: no such program, no period, or CPUs out of range");
	prog_fd = TSK_AT(skel, info->progs[idx].desc_off, struct tinyskel_prog_desc)->prog_fd;
	if (prog_fd <= 0)
		return tsk_op_fail(res, TINYSKEL_STEP_ATTACH, -EBADF, "perf_event attach: skeleton not loaded");
	memset(&a, 0, sizeof(a));
	a.type = ev->type;
	a.size = sizeof(a);
	a.config = ev->config;
	a.sample_period = ev->period;
	a.flags = ev->freq ? ATTR_FREQ : 0;
	for (cpu = 0; cpu < ev->nr_cpus; cpu++) {
		pfd = (int)tsk_fd_good(tsk_sys_perf_event_open(&a, -1, (int)cpu, -1, PERF_FLAG_FD_CLOEXEC_));
		if (pfd == -ENODEV && cpu) /* offline or past the last CPU */
			continue;
		if (pfd < 0) {
			tinyskel_perf_links_close(links);
			return tsk_op_fail(res, TINYSKEL_STEP_ATTACH, pfd,
					   pfd == -ENOENT || pfd == -EOPNOTSUPP ?
						   "perf_event attach: this kernel or CPU has no such event" :
						   "perf_event attach: perf_event_open refused");
		}
		link = (int)tsk_fd_good(tsk_perf_link(pfd, prog_fd));
		if (link < 0) {
			tinyskel_perf_links_close(links);
			return tsk_op_fail(res, TINYSKEL_STEP_ATTACH, link,
					   "perf_event attach: BPF link (or PERF_EVENT_IOC_SET_BPF) refused");
		}
		links->fd[links->nr++] = link;
	}
	return (int)links->nr;
}

void tinyskel_perf_links_close(struct tinyskel_perf_links *links)
{
	uint32_t i;

	for (i = 0; i < links->nr; i++)
		if (links->fd[i] > 0)
			tsk_sys_close(links->fd[i]);
	memset(links, 0, sizeof(*links));
}
