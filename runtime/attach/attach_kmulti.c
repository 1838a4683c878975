/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* attach_kmulti.c - kprobe.multi/: one link, many kernel functions, by
 * name (BPF_TRACE_KPROBE_MULTI, 5.18+; the first LTS with it is 6.1). */
#include <errno.h>

#include "../internal.h"

#define KPROBE_MULTI_RETURN 1u /* BPF_F_KPROBE_MULTI_RETURN */

int tinyskel_link_kprobe_multi(int prog_fd, const char *const *syms, uint32_t cnt, int retprobe)
{
	struct tsk_attr_link_create_kmulti attr;

	if (prog_fd <= 0 || !syms || cnt == 0)
		return -EINVAL;
	memset(&attr, 0, sizeof(attr));
	attr.prog_fd = (uint32_t)prog_fd;
	attr.attach_type = TSK_BPF_TRACE_KPROBE_MULTI;
	attr.kmulti_flags = retprobe ? KPROBE_MULTI_RETURN : 0;
	attr.cnt = cnt;
	attr.syms = TSK_PTR(syms);
	return (int)tsk_sys_bpf(TSK_BPF_LINK_CREATE, &attr, sizeof(attr));
}

int tinyskel_attach_kprobe_multi(const struct tinyskel_skel_info *info, void *skel, uint32_t idx,
				 const char *const *syms, uint32_t cnt, int retprobe, struct tinyskel_result *res)
{
	int prog_fd = tsk_slot_prog(info, skel, idx, res), link;

	if (prog_fd < 0)
		return prog_fd;
	link = tinyskel_link_kprobe_multi(prog_fd, syms, cnt, retprobe);
	return tsk_slot_attach(info, skel, idx, link, res,
			       link == -ESRCH || link == -ENOENT ? "kprobe.multi attach: a symbol is not in this kernel"
			       : link == -EOPNOTSUPP ? "kprobe.multi attach: kernel lacks CONFIG_FPROBE"
			       : "kprobe.multi attach: BPF_LINK_CREATE refused (kernel < 5.18, or not a kprobe.multi program)");
}
