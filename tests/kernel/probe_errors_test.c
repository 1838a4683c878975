/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * probe_errors_test.c - probe failures of the process on the running
 * kernel (issue 11, items 3 and 10):
 *  - out of fds (RLIMIT_NOFILE = 3): the probe reports EMFILE at step
 *    probe and caches nothing; once fds are back, the kernel's real
 *    answers (exclusive maps: yes on 6.18) are probed and cached;
 *  - not root (uid 65534, no capabilities): step probe, EPERM, "needs
 *    CAP_BPF / root", not "kernel cannot verify signatures".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "counter_signed.lskel.h"

static struct counter_signed skel;

static int load(uint32_t policy)
{
	struct tinyskel_opts opts = { .sz = sizeof(opts), .policy = policy };

	counter_signed__init(&skel);
	return tinyskel_load(counter_signed__info(), &skel, &opts, &skel.result);
}

static void test_out_of_fds(void)
{
	struct tinyskel_features f;
	struct rlimit old, low = { 3, 3 };
	int err, load_err, step;

	check_ctx = "RLIMIT_NOFILE 3";
	/* fds 0-2 taken, so with the limit at 3 no new fd can be made */
	if (fcntl(0, F_GETFD) < 0)
		open("/dev/null", O_RDONLY);
	tinyskel_probe_reset();
	getrlimit(RLIMIT_NOFILE, &old);
	low.rlim_max = old.rlim_max;
	setrlimit(RLIMIT_NOFILE, &low);
	err = tinyskel_probe(&f);
	load_err = load(TINYSKEL_POLICY_ALLOW_UNSIGNED);
	step = (int)skel.result.step;
	setrlimit(RLIMIT_NOFILE, &old);
	CHECK_INT(err, -EMFILE);
	CHECK_INT(f.probed, 0);
	CHECK_INT(load_err, -EMFILE);
	CHECK_INT(step, TINYSKEL_STEP_PROBE);
	printf("out of fds: %s: %s\n", tinyskel_step_name(skel.result.step), skel.result.reason);

	check_ctx = "fds back";
	CHECK_INT(tinyskel_probe(&f), 0);
	CHECK_INT(f.probed, 1);
	CHECK_INT(f.excl_maps, 1);
	CHECK_INT(load(TINYSKEL_POLICY_ALLOW_UNSIGNED), 0);
	counter_signed__deinit(&skel);
}

static void test_not_root(void)
{
	pid_t pid;
	int status;

	check_ctx = "not root";
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct tinyskel_features f;

		if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534)) {
			printf("cannot drop to uid 65534\n");
			_exit(2);
		}
		tinyskel_probe_reset();
		CHECK_INT(tinyskel_probe(&f), -EPERM);
		CHECK_INT(f.probed, 0);
		CHECK_INT(load(TINYSKEL_POLICY_REQUIRE_SIGNED), -EPERM);
		CHECK_INT(skel.result.step, TINYSKEL_STEP_PROBE);
		CHECK(strstr(skel.result.reason, "CAP_BPF / root") != NULL);
		printf("not root: %s: %s\n", tinyskel_step_name(skel.result.step), skel.result.reason);
		fflush(stdout);
		_exit(check_exit());
	}
	CHECK(pid > 0);
	CHECK_INT(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

int main(void)
{
	if (geteuid() != 0) {
		printf("needs root to load BPF programs\n");
		return 77;
	}
	test_out_of_fds();
	test_not_root();
	return check_exit();
}
