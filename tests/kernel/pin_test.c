/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * pin_test.c - pin.c and pin_skel.c on a bpffs this test mounts: pin in
 * this process, read and write in a child process, the reasons of each
 * refusal, all-or-nothing pin_skel, and no fd left behind.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "feat.lskel.h"

static int count_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += e->d_name[0] != '.' && !strstr(e->d_name, ".debug");
	if (d)
		closedir(d);
	return n;
}

static int exists(const char *dir, const char *name)
{
	char p[512];
	struct stat st;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return stat(p, &st) == 0;
}

int main(void)
{
	char dir[] = "/tmp/tsk-pin.XXXXXX", sub[600], path[700];
	struct tinyskel_result res;
	struct feat *skel;
	int fds, fd, status = -1, nobj;
	uint32_t key = 5;
	uint64_t v;
	pid_t pid;

	if (geteuid() != 0) {
		printf("needs root to load BPF programs\n");
		return 77;
	}
	if (!mkdtemp(dir) || mount("bpf", dir, "bpf", 0, "mode=0700")) { /* tinyskel_pin_skel: nobody else writes it */
		printf("cannot mount bpffs: %s\n", strerror(errno));
		return 77;
	}
	fds = count_dir("/proc/self/fd");
	skel = feat__open_and_load();
	CHECK(skel != NULL);
	if (!skel)
		goto out;
	CHECK_INT(feat__attach(skel), 0); /* produce: the only auto-attached program */

	check_ctx = "pin_skel";
	CHECK_INT(tinyskel_pin_skel(&feat__info_desc, skel, dir, &res), 0);
	nobj = count_dir(dir);
	CHECK_INT(nobj, 10 + 1); /* every map, the one link */
	CHECK(exists(dir, "counts") && exists(dir, "bss") && exists(dir, "produce_link"));
	CHECK(!exists(dir, "count_xdp_link")); /* not attached: nothing to pin */

	check_ctx = "pin in one process, read in another";
	v = 4242;
	CHECK_INT(tinyskel_map_update(skel->maps.counts.map_fd, &key, &v, 0), 0);
	pid = fork();
	if (pid == 0) {
		uint64_t got = 0, mine = 777;
		int cfd;

		snprintf(path, sizeof(path), "%s/counts", dir);
		cfd = tinyskel_pinned_open(path, 0, NULL);
		if (cfd < 0 || tinyskel_map_lookup(cfd, &key, &got) || got != 4242)
			_exit(1);
		key = 6;
		_exit(tinyskel_map_update(cfd, &key, &mine, 0) ? 2 : 0);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status));
	CHECK_INT(WEXITSTATUS(status), 0);
	key = 6;
	CHECK_INT(tinyskel_map_lookup(skel->maps.counts.map_fd, &key, &v), 0);
	CHECK_INT(v, 777);

	check_ctx = "read-only open";
	snprintf(path, sizeof(path), "%s/counts", dir);
	fd = tinyskel_pinned_open(path, TINYSKEL_PIN_RDONLY, &res);
	CHECK(fd > 0);
	CHECK_INT(tinyskel_map_lookup(fd, &key, &v), 0);
	CHECK_INT(tinyskel_map_update(fd, &key, &v, 0), -EPERM);
	close(fd);

	check_ctx = "a program pinned alone";
	snprintf(path, sizeof(path), "%s/count_xdp_prog", dir);
	CHECK_INT(tinyskel_pin(skel->progs.count_xdp.prog_fd, path, &res), 0);
	fd = tinyskel_pinned_open(path, 0, &res);
	CHECK(fd > 0);
	if (fd > 0) {
		uint32_t k = 0;

		/* a program, not a map: the map op is refused by the kernel */
		CHECK_INT(tinyskel_map_lookup(fd, &k, &v), -EINVAL);
		close(fd);
	}
	CHECK_INT(tinyskel_unpin(path, &res), 0);
	snprintf(path, sizeof(path), "%s/counts", dir);

	check_ctx = "refusals";
	CHECK_INT(tinyskel_pin(skel->maps.counts.map_fd, path, &res), -EEXIST);
	CHECK_INT(res.step, TINYSKEL_STEP_PIN);
	CHECK(strstr(res.reason, "exists") != NULL);
	snprintf(path, sizeof(path), "%s/no.dots", dir);
	CHECK_INT(tinyskel_pin(skel->maps.counts.map_fd, path, &res), -EPERM);
	snprintf(path, sizeof(path), "%s/none", dir);
	CHECK_INT(tinyskel_pinned_open(path, 0, &res), -ENOENT);
	CHECK(strstr(res.reason, "nothing pinned") != NULL);
	CHECK_INT(tinyskel_pinned_open(path, 0x1, &res), -EINVAL);
	CHECK_INT(tinyskel_pin(skel->maps.counts.map_fd, "/tmp/not-bpffs-tsk", &res), -EPERM);

	check_ctx = "all or nothing";
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	CHECK_INT(mkdir(sub, 0700), 0);
	snprintf(path, sizeof(path), "%s/produce_link", sub); /* the last object: taken */
	CHECK_INT(tinyskel_pin(skel->maps.counts.map_fd, path, NULL), 0);
	CHECK_INT(tinyskel_pin_skel(&feat__info_desc, skel, sub, &res), -EEXIST);
	CHECK_INT(count_dir(sub), 1); /* only the pin that was there before */
	CHECK_INT(tinyskel_unpin(path, NULL), 0);
	CHECK_INT(tinyskel_unpin(path, &res), -ENOENT);
	rmdir(sub);

	check_ctx = "unpin_skel";
	CHECK_INT(tinyskel_unpin_skel(&feat__info_desc, skel, dir), 0);
	CHECK_INT(count_dir(dir), 0);
	feat__destroy(skel);
	check_ctx = "fds";
	CHECK_INT(count_dir("/proc/self/fd"), fds);
out:
	umount(dir);
	rmdir(dir);
	return check_exit();
}
