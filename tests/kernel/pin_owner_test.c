/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * pin_owner_test.c - who owns the boot-time loader's pin directory (issue
 * 23, item 1), with an unprivileged user (uid 65534, a forked child that
 * drops to it) and root, on bpffs instances this test mounts in a private
 * mount namespace.
 *
 * The attack the review ran: bpffs mounted without -o mode= (its root is
 * 1777), uid 65534 makes the loader's directory first; root pinned into
 * it; uid 65534 then unlinked root's link pin (the program detached) and
 * put a symlink where a map pin was.  Now:
 *   - tinyskel_pin_skel refuses that directory (not ours), one root made
 *     but left writable, and a symlink to a directory, pinning nothing;
 *   - in a directory root made 0700, uid 65534 can neither unlink a pin
 *     nor add a name, and the program keeps counting after the loader's
 *     fds are closed;
 *   - a symlink left where a pin or the pins' directory was is refused
 *     by tinyskel_pinned_open unless TINYSKEL_PIN_FOLLOW;
 *   - on a bpffs mounted as the README's recipe does (mode=0700), uid
 *     65534 cannot make a name at all.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <grp.h>
#include <unistd.h>

#include "check.h"
#include "feat.lskel.h"

#define NOBODY 65534

static char top[] = "/tmp/tsk-pinown.XXXXXX";
static char fs1[300], fs2[300];

static int entries(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += e->d_name[0] != '.' && !strstr(e->d_name, ".debug"); /* bpffs's own maps.debug, progs.debug */
	if (d)
		closedir(d);
	return d ? n : -1;
}

enum { MKDIR, UNLINK, SYMLINK };

/* One operation as uid 65534 in a child: 0 or the errno it got. */
static int as_nobody(int op, const char *a, const char *b)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		int r;

		if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
			_exit(100);
		r = op == MKDIR ? mkdir(a, 0777) : op == UNLINK ? unlink(a) : symlink(b, a);
		_exit(r ? (errno & 0x7f) : 0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static uint64_t produced_pinned(const char *bss_pin)
{
	struct feat__bss v;
	uint32_t key = 0;
	int fd = tinyskel_pinned_open(bss_pin, TINYSKEL_PIN_RDONLY, NULL);

	memset(&v, 0, sizeof(v));
	if (fd >= 0) {
		tinyskel_map_lookup(fd, &key, &v);
		close(fd);
	}
	return v.produced;
}

/* The reason of the last failure, "" when the call succeeded (it writes none then). */
#define PIN(call) (memset(&res, 0, sizeof(res)), (call))
static const char *why(const struct tinyskel_result *r)
{
	return r->reason ? r->reason : "";
}

int main(void)
{
	struct tinyskel_result res;
	struct feat *skel;
	char theirs[400], open_dir[400], lnk[400], safe[400], p[500], q[500];
	uint64_t before;
	int fd, i;

	if (geteuid() != 0) {
		printf("needs root to load BPF programs and to act as uid %d\n", NOBODY);
		return 77;
	}
	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) || !mkdtemp(top) ||
	    chmod(top, 0755)) {
		printf("cannot make a private mount namespace: %s\n", strerror(errno));
		return 77;
	}
	snprintf(fs1, sizeof(fs1), "%s/open", top);
	snprintf(fs2, sizeof(fs2), "%s/recipe", top);
	mkdir(fs1, 0755);
	mkdir(fs2, 0755);
	/* fs1 as the old recipe mounted it (root 1777), fs2 as the README's does now */
	if (mount("bpf", fs1, "bpf", 0, NULL) || mount("bpf", fs2, "bpf", 0, "mode=0700")) {
		printf("cannot mount bpffs: %s\n", strerror(errno));
		return 77;
	}
	skel = feat__open_and_load();
	if (!skel || feat__attach(skel)) {
		printf("cannot load feat: %s\n", strerror(errno));
		return 1;
	}

	check_ctx = "uid 65534 made the directory first";
	snprintf(theirs, sizeof(theirs), "%s/bootload", fs1);
	CHECK_INT(as_nobody(MKDIR, theirs, NULL), 0);
	CHECK_INT(PIN(tinyskel_pin_skel(&feat__info_desc, skel, theirs, &res)), -EPERM);
	printf("pin into uid 65534's directory: %s\n", why(&res));
	CHECK(strstr(why(&res), "not owned by this user") != NULL);
	CHECK_INT(entries(theirs), 0);

	check_ctx = "root made it, but anyone may write it";
	snprintf(open_dir, sizeof(open_dir), "%s/wide", fs1);
	CHECK_INT(mkdir(open_dir, 0700), 0);
	CHECK_INT(chmod(open_dir, 0777), 0);
	CHECK_INT(PIN(tinyskel_pin_skel(&feat__info_desc, skel, open_dir, &res)), -EPERM);
	printf("pin into a 0777 directory: %s\n", why(&res));
	CHECK(strstr(why(&res), "writable by group or others") != NULL);
	CHECK_INT(entries(open_dir), 0);
	CHECK_INT(tinyskel_pin_skel(&feat__info_desc, skel, fs1, &res), -EPERM); /* bpffs's 1777 root itself */
	CHECK_INT(entries(fs1), 2);

	check_ctx = "a symlink (made by uid 65534) to a directory";
	snprintf(lnk, sizeof(lnk), "%s/lnk", fs1);
	CHECK_INT(as_nobody(SYMLINK, lnk, theirs), 0);
	fd = PIN(tinyskel_pin_skel(&feat__info_desc, skel, lnk, &res));
	CHECK(fd == -ELOOP || fd == -ENOTDIR);
	printf("pin through a symlink: %d, %s\n", fd, why(&res));
	CHECK_INT(entries(theirs), 0);

	check_ctx = "root's own 0700 directory";
	snprintf(safe, sizeof(safe), "%s/safe", fs1);
	CHECK_INT(mkdir(safe, 0700), 0);
	CHECK_INT(tinyskel_pin_skel(&feat__info_desc, skel, safe, &res), 0);
	CHECK_INT(entries(safe), 10 + 1);
	snprintf(p, sizeof(p), "%s/produce_link", safe);
	CHECK_INT(as_nobody(UNLINK, p, NULL), EACCES);
	snprintf(p, sizeof(p), "%s/extra", safe);
	CHECK_INT(as_nobody(SYMLINK, p, "/"), EACCES);
	CHECK_INT(entries(safe), 10 + 1);
	/* The loader exits (its fds close): the pinned link keeps the program counting. */
	skel->data->producer_tid = (int)syscall(SYS_gettid);
	feat__destroy(skel);
	snprintf(p, sizeof(p), "%s/bss", safe);
	before = produced_pinned(p);
	for (i = 0; i < 100; i++)
		syscall(SYS_getppid);
	CHECK_INT(produced_pinned(p) - before, 100);

	check_ctx = "a symlink where a map pin was";
	snprintf(p, sizeof(p), "%s/counts", theirs); /* uid 65534's directory: they choose what is there */
	snprintf(q, sizeof(q), "%s/counts", safe);
	CHECK_INT(as_nobody(SYMLINK, p, q), 0);
	CHECK_INT(PIN(tinyskel_pinned_open(p, 0, &res)), -ELOOP);
	printf("open a symlink where a pin was: %s\n", why(&res));
	CHECK(strstr(why(&res), "symlink") != NULL);
	fd = tinyskel_pinned_open(p, TINYSKEL_PIN_FOLLOW | TINYSKEL_PIN_RDONLY, &res);
	CHECK(fd >= 3);
	if (fd >= 0)
		close(fd);
	check_ctx = "a symlink where the pins' directory was";
	snprintf(p, sizeof(p), "%s/dirlink", fs1);
	CHECK_INT(as_nobody(SYMLINK, p, safe), 0);
	snprintf(p, sizeof(p), "%s/dirlink/counts", fs1);
	CHECK_INT(PIN(tinyskel_pinned_open(p, TINYSKEL_PIN_RDONLY, &res)), -ELOOP);
	fd = tinyskel_pinned_open(q, TINYSKEL_PIN_RDONLY, &res); /* the real pin: fine */
	CHECK(fd >= 3);
	if (fd >= 0)
		close(fd);

	check_ctx = "the README's recipe: bpffs mode=0700";
	snprintf(p, sizeof(p), "%s/bootload", fs2);
	CHECK_INT(as_nobody(MKDIR, p, NULL), EACCES);
	CHECK_INT(entries(fs2), 0);

	{
		static struct feat none; /* names only */

		tinyskel_init(&feat__info_desc, &none);
		CHECK_INT(tinyskel_unpin_skel(&feat__info_desc, &none, safe), 0);
	}
	umount(fs1);
	umount(fs2);
	rmdir(fs1);
	rmdir(fs2);
	rmdir(top);
	return check_exit();
}
