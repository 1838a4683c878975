/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * percpu.c - how many values a per-CPU map hands back: one per possible
 * CPU, which is not the online count (CPUs can be hot-plugged later).
 *
 * The list ("0-3", "0,2-5,8") is parsed as it is read, 64 bytes at a time,
 * so its length has no limit here: a sparse list of a few hundred CPUs is
 * longer than any buffer we would pick, and counting a prefix of it would
 * size per-CPU value buffers too small for what the kernel writes.
 */
#include <errno.h>

#include "../internal.h"

#define CPU_MAX 65535L

struct cpu_list {
	long total, lo, cur, prev; /* prev: the last CPU counted, -1 before the first */
	int state;                 /* LO0 (want a digit), LO, HI0 (after '-'), HI, END (after '\n') */
};
enum { LO0, LO, HI0, HI, END };

/* One range ends (at ',', '\n' or the end of the file). */
static int range_end(struct cpu_list *l)
{
	long hi = l->state == HI ? l->cur : l->lo;

	if (l->state == LO)
		l->lo = hi = l->cur;
	else if (l->state != HI)
		return -EINVAL;
	/* The kernel prints ascending, disjoint ranges: anything else is not its list. */
	if (hi < l->lo || l->lo <= l->prev)
		return -EINVAL;
	l->total += hi - l->lo + 1;
	l->prev = hi;
	return 0;
}

static int feed(struct cpu_list *l, char c)
{
	int err;

	if (c >= '0' && c <= '9') {
		if (l->state == LO0 || l->state == HI0) {
			l->cur = 0;
			l->state++;
		} else if (l->state == END) {
			return -EINVAL;
		}
		l->cur = l->cur * 10 + (c - '0');
		return l->cur > CPU_MAX ? -ERANGE : 0;
	}
	if (c == '-' && l->state == LO) {
		l->lo = l->cur;
		l->state = HI0;
		return 0;
	}
	if ((c == ',' || c == '\n') && (err = range_end(l)) == 0)
		l->state = c == ',' ? LO0 : END;
	else
		err = -EINVAL;
	return err;
}

int tinyskel_possible_cpus(void)
{
	struct cpu_list l = { 0, 0, 0, -1, LO0 };
	char buf[64];
	uint64_t off = 0;
	long n, i;
	int fd, err = 0;

	fd = tsk_sys_open("/sys/devices/system/cpu/possible", 0);
	if (fd < 0)
		return fd;
	while (!err && (n = tsk_sys_pread(fd, buf, sizeof(buf), off)) != 0) {
		if (n < 0) {
			err = (int)n;
			break;
		}
		for (i = 0; i < n && !err; i++)
			err = feed(&l, buf[i]);
		off += (uint64_t)n;
	}
	tsk_sys_close(fd);
	/* The file ends with '\n'; a list cut short without one still ends a range. */
	if (!err && l.state != END)
		err = range_end(&l);
	if (!err && l.total == 0)
		err = -EINVAL;
	return err ? err : (int)l.total;
}
