/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * net_test.c - attach with a target on the real kernel: XDP and tcx on a
 * veth pair between two network namespaces this test creates (and
 * removes), cgroup_skb on a scratch cgroup v2, with exact packet counts.
 * The only traffic is the test's own UDP, between those namespaces; the
 * programs count only its ports.  Then: detach stops the counting, and
 * each refusal names its op and leaves no fd.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "proc_fds.h"
#include "feat.lskel.h"

#define PORT 4242
#define N_NET 100
#define N_CG 50

static char ns_a[32], ns_b[32], cg[128];
static struct feat *skel;

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

static int enter_ns(const char *name)
{
	char p[64];
	int fd, err;

	snprintf(p, sizeof(p), "/run/netns/%s", name);
	fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = setns(fd, CLONE_NEWNET) ? -errno : 0;
	close(fd);
	return err;
}

static uint64_t count(uint32_t slot)
{
	uint64_t v = 0;

	tinyskel_map_lookup(skel->maps.counts.map_fd, &slot, &v);
	return v;
}

/* Wait (bounded) for slot to reach want: the receive side runs in softirq
 * after sendto returns.  The result is the exact count either way. */
static uint64_t settle(uint32_t slot, uint64_t want)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	int i;

	for (i = 0; i < 300 && count(slot) < want; i++)
		nanosleep(&ts, NULL);
	nanosleep(&ts, NULL); /* and nothing more arrives */
	return count(slot);
}

static int send_udp(int n, int port)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(port) };
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), i, sent = 0;

	inet_pton(AF_INET, "10.213.0.2", &to.sin_addr);
	for (i = 0; s >= 0 && i < n; i++)
		sent += sendto(s, "tinyskel", 8, 0, (struct sockaddr *)&to, sizeof(to)) == 8;
	if (s >= 0)
		close(s);
	return sent;
}

static void cleanup(void)
{
	sh("ip netns del %s 2>/dev/null; ip netns del %s 2>/dev/null", ns_a, ns_b);
	if (cg[0])
		rmdir(cg);
}

int main(void)
{
	struct tinyskel_result res;
	int self_ns, fds, vb, va, cgfd, idx, link, status = -1;
	pid_t pid;

	if (geteuid() != 0) {
		printf("needs root to load BPF programs\n");
		return 77;
	}
	if (access("/usr/sbin/ip", X_OK) && access("/sbin/ip", X_OK) && access("/usr/bin/ip", X_OK)) {
		printf("needs iproute2 (ip)\n");
		return 77;
	}
	snprintf(ns_a, sizeof(ns_a), "tsk13a%d", getpid());
	snprintf(ns_b, sizeof(ns_b), "tsk13b%d", getpid());
	self_ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	atexit(cleanup);
	if (sh("set -e; ip netns add %s; ip netns add %s;"
	       "ip -n %s link add va type veth peer name vb netns %s;"
	       "ip -n %s link set vb address 02:00:00:00:13:02;"
	       "ip -n %s addr add 10.213.0.1/24 dev va; ip -n %s link set va up;"
	       "ip -n %s addr add 10.213.0.2/24 dev vb; ip -n %s link set vb up;"
	       "ip -n %s neigh replace 10.213.0.2 lladdr 02:00:00:00:13:02 dev va nud permanent",
	       ns_a, ns_b, ns_a, ns_b, ns_b, ns_a, ns_a, ns_b, ns_b, ns_a)) {
		printf("cannot set up the veth pair in test namespaces\n");
		return 77;
	}
	fds = count_fds();
	skel = feat__open_and_load();
	if (!skel) {
		printf("feat__open_and_load failed\n");
		return 1;
	}
	skel->bss->port_base = PORT;

	check_ctx = "xdp";
	CHECK_INT(enter_ns(ns_b), 0);
	vb = (int)if_nametoindex("vb");
	CHECK(vb > 0);
	idx = tinyskel_prog_find(&feat__info_desc, "count_xdp");
	CHECK_INT(idx, 1);
	link = tinyskel_attach_xdp(&feat__info_desc, skel, (uint32_t)idx, vb, TINYSKEL_XDP_SKB, &res);
	CHECK(link > 0);
	CHECK_INT(skel->links.count_xdp_fd, link);
	CHECK_INT(tinyskel_attach_xdp(&feat__info_desc, skel, (uint32_t)idx, vb, 0, &res), -EBUSY);
	CHECK_INT(res.step, TINYSKEL_STEP_ATTACH);

	check_ctx = "tcx ingress";
	link = tinyskel_attach_tcx(&feat__info_desc, skel, (uint32_t)tinyskel_prog_find(&feat__info_desc, "count_tc_in"),
				   vb, 0, &res);
	CHECK(link > 0);
	if (link < 0)
		printf("tcx: %s\n", res.reason);
	check_ctx = "tcx egress";
	CHECK_INT(enter_ns(ns_a), 0);
	va = (int)if_nametoindex("va");
	link = tinyskel_attach_tcx(&feat__info_desc, skel, (uint32_t)tinyskel_prog_find(&feat__info_desc, "count_tc_eg"),
				   va, 1, &res);
	CHECK(link > 0);

	check_ctx = "packets";
	CHECK_INT(send_udp(N_NET, PORT), N_NET);
	CHECK_INT(count(2), N_NET);            /* egress runs inside sendto */
	CHECK_INT(settle(1, N_NET), N_NET);    /* tcx ingress on vb */
	CHECK_INT(settle(0, N_NET), N_NET);    /* XDP on vb */
	CHECK_INT(count(3), 0);

	check_ctx = "cgroup_skb/egress";
	snprintf(cg, sizeof(cg), "/sys/fs/cgroup/unified/tsk13_%d", getpid());
	if (access("/sys/fs/cgroup/unified/cgroup.procs", F_OK))
		snprintf(cg, sizeof(cg), "/sys/fs/cgroup/tsk13_%d", getpid());
	CHECK_INT(mkdir(cg, 0755), 0);
	cgfd = open(cg, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	CHECK(cgfd >= 0);
	CHECK_INT(tinyskel_cgroup_attach_type("cgroup_skb/egress"), 1);
	CHECK_INT(tinyskel_attach_cgroup(&feat__info_desc, skel, 4, cgfd, "cgroup/nope", &res), -EINVAL);
	link = tinyskel_attach_cgroup(&feat__info_desc, skel, 4, cgfd, "cgroup_skb/egress", &res);
	CHECK(link > 0);
	close(cgfd);
	pid = fork();
	if (pid == 0) { /* joins the cgroup, sends from namespace A */
		char p[160];
		FILE *f;

		snprintf(p, sizeof(p), "%s/cgroup.procs", cg);
		f = fopen(p, "w");
		if (!f || fprintf(f, "0\n") < 0 || fclose(f))
			_exit(3);
		_exit(send_udp(N_CG, PORT + 1) == N_CG ? 0 : 4);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK_INT(count(3), N_CG);
	CHECK_INT(send_udp(7, PORT + 1), 7); /* this process is not in the cgroup */
	CHECK_INT(count(3), N_CG);

	check_ctx = "detach";
	{
		/* Close the links the way NAME__detach does, keep the maps. */
		tinyskel_detach(&feat__info_desc, skel);
		CHECK_INT(skel->links.count_xdp_fd, 0);
		CHECK_INT(send_udp(10, PORT), 10);
		CHECK_INT(settle(0, N_NET + 10), N_NET);
		CHECK_INT(count(1), N_NET);
		CHECK_INT(count(2), N_NET);
	}

	check_ctx = "refusals";
	CHECK(tinyskel_attach_xdp(&feat__info_desc, skel, 1, 999999, 0, &res) < 0);
	CHECK(res.reason && strstr(res.reason, "xdp attach") != NULL);
	CHECK(tinyskel_attach_tcx(&feat__info_desc, skel, 1, va, 0, &res) < 0); /* XDP program on tcx */
	CHECK(res.reason && strstr(res.reason, "tcx attach") != NULL);
	CHECK_INT(tinyskel_attach_xdp(&feat__info_desc, skel, 99, va, 0, &res), -EINVAL);
	feat__destroy(skel);
	CHECK_INT(setns(self_ns, CLONE_NEWNET), 0);
	close(self_ns);
	check_ctx = "fds";
	CHECK_INT(count_fds(), fds - 1); /* self_ns was open at the count */
	printf("xdp %d, tcx ingress %d, tcx egress %d, cgroup egress %d packets: exact\n", N_NET, N_NET, N_NET, N_CG);
	return check_exit();
}
