/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* isolate.c - fork, run, collect the bytes or the reason the child died. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "isolate.h"

/* Child: result (or error line) to the pipe in one piece, then _exit so
 * no stdio buffer inherited from the parent is flushed twice. */
static void child(int fd, sg_isolated_fn fn, void *arg, unsigned timeout_s, char *err, size_t errlen)
{
	struct rlimit no_core = { 0, 0 };
	char *buf = NULL;
	size_t len = 0, off = 0;
	FILE *mem;
	int rc;

	setrlimit(RLIMIT_CORE, &no_core); /* a malformed object leaves no core file */
	alarm(timeout_s);
	mem = open_memstream(&buf, &len);
	if (!mem)
		_exit(3);
	err[0] = '\0';
	rc = fn(arg, mem, err, errlen);
	if (fclose(mem))
		_exit(3);
	if (rc) {
		buf = err;
		len = strlen(err);
	}
	while (off < len) {
		ssize_t n = write(fd, buf + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			_exit(3);
		off += (size_t)n;
	}
	_exit(rc ? 1 : 0);
}

int sg_isolate(sg_isolated_fn fn, void *arg, const char *what, unsigned timeout_s, uint8_t **buf, size_t *len,
	       char *err, size_t errlen)
{
	uint8_t *data = NULL;
	size_t used = 0, cap = 0;
	int fds[2], status, e;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC))
		return snprintf(err, errlen, "%s: cannot start the worker: %s", what, strerror(errno)), -1;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		e = errno;
		close(fds[0]);
		close(fds[1]);
		return snprintf(err, errlen, "%s: cannot start the worker: %s", what, strerror(e)), -1;
	}
	if (pid == 0) {
		close(fds[0]);
		child(fds[1], fn, arg, timeout_s, err, errlen);
	}
	close(fds[1]);
	for (e = 0;;) {
		ssize_t n;

		if (used == cap) {
			uint8_t *p = realloc(data, cap ? cap * 2 : 65536);

			if (!p) {
				e = ENOMEM;
				break;
			}
			data = p;
			cap = cap ? cap * 2 : 65536;
		}
		n = read(fds[0], data + used, cap - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			e = n < 0 ? errno : 0;
			break;
		}
		used += (size_t)n;
	}
	close(fds[0]);
	if (e)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (e) {
		snprintf(err, errlen, "%s: reading the worker's result: %s", what, strerror(e));
	} else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) {
		snprintf(err, errlen, "%s: gave up after %u s reading the object (malformed object?)", what, timeout_s);
	} else if (WIFSIGNALED(status)) {
		snprintf(err, errlen, "%s: malformed object: reading it crashed (%s, in libbpf or the BTF walker)", what,
			 strsignal(WTERMSIG(status)));
	} else if (WEXITSTATUS(status) == 1) {
		snprintf(err, errlen, "%.*s", (int)(used < errlen ? used : errlen - 1), data ? (char *)data : "");
		if (!err[0])
			snprintf(err, errlen, "%s: failed", what);
	} else if (WEXITSTATUS(status) != 0) {
		snprintf(err, errlen, "%s: the worker failed (exit %d)", what, WEXITSTATUS(status));
	} else {
		*buf = data;
		*len = used;
		return 0;
	}
	free(data);
	return -1;
}
