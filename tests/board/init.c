// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * init.c - /init of the initramfs that scripts/qemu-boot.sh boots under
 * qemu-system: mount what the examples need, run each line of
 * /etc/tinyskel-boot ("NAME ARG..." runs /bin/NAME ARG...), print one
 * RESULT line per program and a final marker the test greps for:
 *
 *   TINYSKEL-BOOT: PASS 2/2
 *   TINYSKEL-BOOT: FAIL 1/2
 *
 * then power the machine off.  Static (musl), no heap, PID 1: it must never
 * exit (that panics the kernel), so every path ends in reboot().
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ARGS 8

static void console(void)
{
	int fd;

	/* The kernel opens /dev/console for us only if the archive has it. */
	if (fcntl(1, F_GETFD) >= 0)
		return;
	mkdir("/dev", 0755);
	if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL) < 0 && errno != EBUSY)
		return;
	fd = open("/dev/console", O_RDWR);
	if (fd < 0)
		return;
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
}

static void mount_fs(const char *src, const char *dir, const char *type, int required)
{
	mkdir(dir, 0755);
	if (mount(src, dir, type, 0, NULL) < 0 && errno != EBUSY)
		printf("tinyskel-init: mount %s on %s: %s%s\n", type, dir, strerror(errno),
		       required ? "" : " (optional)");
}

/* First line of a small file, or "-" when it cannot be read. */
static const char *read_line(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return "-";
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return "-";
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return buf;
}

/* "tinyskel.jit=N" on the kernel command line sets bpf_jit_enable to N
 * before the programs run (to try a JIT that is off by default). */
static void set_jit(void)
{
	char cmdline[512], *p;
	const char *v;
	int fd;

	if (*read_line("/proc/cmdline", cmdline, sizeof(cmdline)) == '-')
		return;
	p = strstr(cmdline, "tinyskel.jit=");
	if (!p)
		return;
	v = p + strlen("tinyskel.jit=");
	fd = open("/proc/sys/net/core/bpf_jit_enable", O_WRONLY);
	if (fd < 0 || write(fd, v, 1) != 1)
		printf("tinyskel-init: set bpf_jit_enable=%c: %s\n", *v, strerror(errno));
	if (fd >= 0)
		close(fd);
}

static void describe_kernel(void)
{
	struct utsname u;
	struct stat st;
	char jit[16];

	uname(&u);
	printf("tinyskel-init: kernel %s %s (%s), bpf_jit_enable=%s, vmlinux BTF %s\n", u.release,
	       u.machine, u.version, read_line("/proc/sys/net/core/bpf_jit_enable", jit, sizeof(jit)),
	       stat("/sys/kernel/btf/vmlinux", &st) == 0 ? "yes" : "no");
}

/* Run "NAME ARG..." as /bin/NAME; returns its exit status (or 128+signal). */
static int run(char *line)
{
	char *argv[MAX_ARGS + 1], path[128], *save = NULL, *tok;
	int argc = 0, status;
	pid_t pid;

	for (tok = strtok_r(line, " \t", &save); tok && argc < MAX_ARGS; tok = strtok_r(NULL, " \t", &save))
		argv[argc++] = tok;
	argv[argc] = NULL;
	if (!argc)
		return -1;
	snprintf(path, sizeof(path), "/bin/%s", argv[0]);
	pid = fork();
	if (pid < 0)
		return 127;
	if (pid == 0) {
		execv(path, argv);
		printf("tinyskel-init: exec %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 127;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

int main(void)
{
	char buf[1024], *line, *save = NULL;
	int fd, ran = 0, passed = 0, rc;
	ssize_t n;

	console();
	setvbuf(stdout, NULL, _IOLBF, 0);
	mount_fs("proc", "/proc", "proc", 1);
	mount_fs("sysfs", "/sys", "sysfs", 1);
	mount_fs("tracefs", "/sys/kernel/tracing", "tracefs", 1);
	mount_fs("bpf", "/sys/fs/bpf", "bpf", 0);
	set_jit();
	describe_kernel();

	fd = open("/etc/tinyskel-boot", O_RDONLY);
	n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (n < 0) {
		printf("tinyskel-init: cannot read /etc/tinyskel-boot\n");
		n = 0;
	}
	buf[n] = 0;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char name[64];

		if (*line == '#' || *line == 0)
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(line, " \t"), line);
		printf("tinyskel-init: run %s\n", line);
		rc = run(line);
		ran++;
		passed += rc == 0;
		printf("tinyskel-init: RESULT %s exit %d %s\n", name, rc, rc == 0 ? "ok" : "FAILED");
	}
	printf("TINYSKEL-BOOT: %s %d/%d\n", ran && passed == ran ? "PASS" : "FAIL", passed, ran);
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}
