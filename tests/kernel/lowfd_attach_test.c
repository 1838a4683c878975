/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * lowfd_attach_test.c - a link on fd 0 is still a link (issue 23, item 3).
 *
 * A daemon that closed stdin, stdout and stderr attaches with a target:
 * XDP and tcx on a veth in a network namespace this test makes, cgroup_skb
 * on a scratch cgroup v2, and a second XDP link kept with
 * tinyskel_links_add().  The kernel hands each new link fd 0.  Before the
 * fix the skeleton stored 0 ("no link"), NAME__detach()/__destroy() left
 * the XDP program attached and links_add refused (and leaked) the link.
 * Now: every fd kept is >= 3, and after detach/links_close, still without
 * standard fds, the kernel says nothing is attached (a new XDP link on
 * each interface is accepted; the tcx and cgroup queries count 0
 * programs); after destroy no fd is left.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"
#include "proc_fds.h"
#include "feat.lskel.h"

#define TCX_INGRESS 46 /* BPF_TCX_INGRESS (6.6), newer than some hosts' headers */

struct seen {
	int xdp, tcx, cg, extra, extra_slot, xdp_slot, fd0_free;
	int err_xdp, err_tcx, err_cg;
	int xdp_again, extra_again, tcx_cnt, cg_cnt; /* after detach */
};

/* Programs of `type` attached at target (ifindex for tcx, cgroup fd), by the kernel's count. */
static int query(int target, int type)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.query.target_fd = (uint32_t)target; /* target_ifindex in newer headers: the same field */
	a.query.attach_type = (uint32_t)type;
	if (syscall(__NR_bpf, BPF_PROG_QUERY, &a, sizeof(a)))
		return -errno;
	return (int)a.query.prog_cnt;
}

int main(void)
{
	struct tinyskel_result res;
	struct feat *skel;
	struct seen s;
	char cg[128] = "";
	int saved[3], i, if0, if1, cgfd = -1, fds_before, link_fds[2] = { 0, 0 }, fd;
	struct tinyskel_links links = TINYSKEL_LINKS(link_fds);

	if (geteuid() != 0) {
		printf("needs root to load BPF programs\n");
		return 77;
	}
	if (unshare(CLONE_NEWNET)) {
		printf("cannot make a network namespace: %s\n", strerror(errno));
		return 77;
	}
	if (system("ip link add tsk23a type veth peer name tsk23b && ip link set tsk23a up && ip link set tsk23b up")) {
		printf("cannot make a veth pair (iproute2?)\n");
		return 77;
	}
	if0 = (int)if_nametoindex("tsk23a");
	if1 = (int)if_nametoindex("tsk23b");
	/* cgroup v2: the unified mount, or a hybrid system's /sys/fs/cgroup/unified */
	if (!access("/sys/fs/cgroup/cgroup.procs", F_OK) || !access("/sys/fs/cgroup/unified/cgroup.procs", F_OK)) {
		snprintf(cg, sizeof(cg), "/sys/fs/cgroup/%stsk23_%d",
			 access("/sys/fs/cgroup/cgroup.procs", F_OK) ? "unified/" : "", (int)getpid());
		if (mkdir(cg, 0755) == 0)
			cgfd = open(cg, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	fds_before = count_fds();
	skel = feat__open_and_load();
	if (!skel) {
		printf("cannot load feat: %s\n", strerror(errno));
		return 1;
	}
	memset(&s, 0, sizeof(s));
	fflush(stdout);
	for (i = 0; i < 3; i++) {
		saved[i] = fcntl(i, F_DUPFD_CLOEXEC, 10);
		close(i);
	}
	/* Nothing printed from here until the standard fds are back. */
	s.xdp = tinyskel_attach_xdp(&feat__info_desc, skel, (uint32_t)tinyskel_prog_find(&feat__info_desc, "count_xdp"),
				    if0, 0, &res);
	s.err_xdp = res.err;
	s.xdp_slot = skel->links.count_xdp_fd;
	s.tcx = tinyskel_attach_tcx(&feat__info_desc, skel, (uint32_t)tinyskel_prog_find(&feat__info_desc, "count_tc_in"),
				    if0, 0, &res);
	s.err_tcx = res.err;
	s.cg = cgfd < 0 ? 100 : tinyskel_attach_cgroup(&feat__info_desc, skel,
			(uint32_t)tinyskel_prog_find(&feat__info_desc, "count_cg"), cgfd, "cgroup_skb/egress", &res);
	s.err_cg = res.err;
	fd = tinyskel_link_xdp(skel->progs.count_xdp.prog_fd, if1, 0); /* the kernel's number: 0 */
	s.extra = tinyskel_links_add(&links, fd);
	s.extra_slot = link_fds[0];
	s.fd0_free = fcntl(0, F_GETFD) < 0 && errno == EBADF;
	/* Still without standard fds (restoring them would close a link left
	 * on 0 and hide the bug): detach, then ask the kernel. */
	tinyskel_links_close(&links);
	feat__detach(skel);
	s.xdp_again = tinyskel_link_xdp(skel->progs.count_xdp.prog_fd, if0, 0);
	s.extra_again = tinyskel_link_xdp(skel->progs.count_xdp.prog_fd, if1, 0);
	s.tcx_cnt = query(if0, TCX_INGRESS);
	s.cg_cnt = cgfd < 0 ? 0 : query(cgfd, BPF_CGROUP_INET_EGRESS);
	if (s.xdp_again >= 0)
		close(s.xdp_again);
	if (s.extra_again >= 0)
		close(s.extra_again);
	feat__destroy(skel);
	for (i = 0; i < 3; i++) {
		dup2(saved[i], i);
		close(saved[i]);
	}

	check_ctx = "attach with fds 0-2 closed";
	printf("xdp link %d (err %d), tcx link %d (err %d), cgroup link %d (err %d), extra xdp link %d\n", s.xdp,
	       s.err_xdp, s.tcx, s.err_tcx, s.cg, s.err_cg, s.extra);
	CHECK(s.xdp >= 3);
	CHECK_INT(s.xdp_slot, s.xdp);
	CHECK(s.tcx >= 3);
	CHECK(s.cg >= 3);
	CHECK(s.extra >= 3);
	CHECK_INT(s.extra_slot, s.extra);
	CHECK(s.fd0_free); /* the kernel's fd 0 was closed once copied */

	check_ctx = "after detach and links_close, nothing is attached";
	printf("after detach: new XDP links %d and %d (-EBUSY: the old program is still attached), "
	       "tcx programs %d, cgroup programs %d\n", s.xdp_again, s.extra_again, s.tcx_cnt, s.cg_cnt);
	CHECK(s.xdp_again >= 0);
	CHECK(s.extra_again >= 0);
	CHECK_INT(s.tcx_cnt, 0);
	CHECK_INT(s.cg_cnt, 0);
	if (cgfd >= 0) {
		close(cgfd);
		rmdir(cg);
	} else {
		printf("note: no cgroup v2 under /sys/fs/cgroup: the cgroup attach was not tried\n");
	}
	check_ctx = "fds";
	CHECK_INT(count_fds(), fds_before - (cgfd >= 0)); /* less the cgroup's, closed above */
	return check_exit();
}
