// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bootload - the boot-time loader pattern of firmware.
 *
 *   bootload load DIR        load the (signed) skeleton, attach, pin its links
 *                            and maps under DIR (on bpffs), exit 0: the program
 *                            keeps running with nobody holding an fd.  DIR is
 *                            made here (mode 0700); one that exists must be
 *                            ours and writable by nobody else, or nothing is
 *                            pinned (tinyskel_pin_skel checks)
 *   bootload read DIR [PID]  a second app: open DIR/calls and print it
 *   bootload selftest DIR N  call getppid() N times, then read this process's
 *                            count from the pinned map: exit 0 when it is N
 *   bootload unload DIR      remove the pins: the program detaches
 *   bootload N               all of it in one go under /sys/fs/bpf/bootload-PID
 *                            (mounting bpffs there, mode 0700, if needed), counting N calls
 *                            in a child process, then unload: exit 0 when exact
 *
 * `read` and `selftest` use only tinyskel_pinned_open and the map calls: an
 * app that reads a pinned map links neither the loader nor the skeleton.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bootload.lskel.h"

static int load(const char *dir)
{
	struct bootload *skel;
	int err;

	/* Ours from the start when it is new.  One already there may be
	 * someone else's (made before us on a bpffs others can write):
	 * tinyskel_pin_skel refuses it unless we own it and nobody else
	 * may write it, so no `mkdir -p` that takes whatever is there. */
	if (mkdir(dir, 0700) && errno != EEXIST) {
		fprintf(stderr, "bootload: mkdir %s: %s\n", dir, strerror(errno));
		return 1;
	}
	skel = bootload__open();
	if (!skel)
		return 1;
	skel->data->target_syscall = SYS_getppid;
	err = bootload__load(skel);
	if (!err && bootload__attach(skel))
		err = -errno;
	if (!err)
		err = tinyskel_pin_skel(&bootload__info_desc, skel, dir, &skel->result);
	if (err)
		fprintf(stderr, "bootload: %s: %s (%s)\n", tinyskel_step_name(skel->result.step),
			skel->result.reason, strerror(-err));
	else
		printf("bootload: pinned under %s (scheme %s)\n", dir, tinyskel_scheme_name(skel->result.scheme));
	/* Closing our fds here is the point: the pins keep everything alive. */
	bootload__destroy(skel);
	return err ? 1 : 0;
}

static int open_calls(const char *dir)
{
	struct tinyskel_result res;
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/calls", dir);
	fd = tinyskel_pinned_open(path, TINYSKEL_PIN_RDONLY, &res);
	if (fd < 0)
		fprintf(stderr, "bootload: %s: %s (%s)\n", path, res.reason, strerror(-fd));
	return fd;
}

static int read_map(const char *dir, const char *pid)
{
	uint32_t key, next;
	uint64_t v;
	int fd = open_calls(dir), err;

	if (fd < 0)
		return 1;
	if (pid) {
		key = (uint32_t)strtoul(pid, NULL, 10);
		err = tinyskel_map_lookup(fd, &key, &v);
		printf("%u %llu\n", key, err ? 0ull : (unsigned long long)v);
	} else {
		for (err = tinyskel_map_get_next_key(fd, NULL, &next); !err;
		     err = tinyskel_map_get_next_key(fd, &key, &next)) {
			if (!tinyskel_map_lookup(fd, &next, &v))
				printf("%u %llu\n", next, (unsigned long long)v);
			key = next;
		}
	}
	close(fd);
	return 0;
}

static int selftest(const char *dir, long n)
{
	uint32_t me = (uint32_t)getpid();
	uint64_t v = 0;
	long i;
	int fd, err;

	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	fd = open_calls(dir);
	if (fd < 0)
		return 1;
	err = tinyskel_map_lookup(fd, &me, &v);
	close(fd);
	printf("pid %u: %llu getppid() counted by the pinned program, expected %ld -> %s\n", me,
	       (unsigned long long)v, n, !err && v == (uint64_t)n ? "exact" : "MISMATCH");
	return !err && v == (uint64_t)n ? 0 : 1;
}

static int unload(const char *dir)
{
	static struct bootload skel; /* not loaded: only the names are needed */
	int err;

	tinyskel_init(&bootload__info_desc, &skel);
	err = tinyskel_unpin_skel(&bootload__info_desc, &skel, dir);
	if (err)
		fprintf(stderr, "bootload: unpin: %s\n", strerror(-err));
	return err ? 1 : 0;
}

/* The whole pattern in one process tree, for boards' smoke tests. */
static int demo(long n)
{
	char dir[64];
	int status = 1, rc, mounted;
	pid_t pid = -1;

	mkdir("/sys/fs/bpf", 0755);
	/* mode=0700: bpffs's root is 1777 otherwise, where anyone can make names. */
	mounted = mount("bpf", "/sys/fs/bpf", "bpf", 0, "mode=0700") == 0; /* EBUSY: already there */
	snprintf(dir, sizeof(dir), "/sys/fs/bpf/bootload-%d", (int)getpid());
	if (mkdir(dir, 0700)) { /* a new name: one that exists is not ours to use */
		fprintf(stderr, "bootload: mkdir %s: %s\n", dir, strerror(errno));
		rc = 1;
		goto out;
	}
	rc = load(dir);
	fflush(stdout); /* or the child prints our buffer again */
	if (!rc && (pid = fork()) == 0) {
		rc = selftest(dir, n);
		fflush(stdout);
		_exit(rc);
	}
	if (!rc && (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status)))
		rc = 1;
	if (unload(dir))
		rc = 1;
	rmdir(dir);
out:
	if (mounted) /* leave the machine as we found it */
		umount("/sys/fs/bpf");
	return rc;
}

int main(int argc, char **argv)
{
	if (argc == 2 && argv[1][0] >= '0' && argv[1][0] <= '9')
		return demo(strtol(argv[1], NULL, 10));
	if (argc >= 3 && !strcmp(argv[1], "load"))
		return load(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "read"))
		return read_map(argv[2], argc > 3 ? argv[3] : NULL);
	if (argc >= 4 && !strcmp(argv[1], "selftest"))
		return selftest(argv[2], strtol(argv[3], NULL, 10));
	if (argc >= 3 && !strcmp(argv[1], "unload"))
		return unload(argv[2]);
	fprintf(stderr, "usage: bootload load|read|selftest N|unload DIR, or bootload N\n");
	return 2;
}
