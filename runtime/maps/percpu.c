/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * percpu.c - how many values a per-CPU map hands back: one per possible
 * CPU, which is not the online count (CPUs can be hot-plugged later).
 */
#include <errno.h>

#include "../internal.h"

/* "0-3", "0,2-5", "0" (with a trailing newline): the number of CPUs listed. */
static int count_list(const char *s)
{
	long total = 0, lo, hi;

	while (*s && *s != '\n') {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		for (lo = 0; *s >= '0' && *s <= '9'; s++)
			if ((lo = lo * 10 + (*s - '0')) > 65535)
				return -ERANGE;
		hi = lo;
		if (*s == '-') {
			if (*++s < '0' || *s > '9')
				return -EINVAL;
			for (hi = 0; *s >= '0' && *s <= '9'; s++)
				if ((hi = hi * 10 + (*s - '0')) > 65535)
					return -ERANGE;
		}
		if (hi < lo)
			return -EINVAL;
		total += hi - lo + 1;
		if (*s == ',')
			s++;
		else if (*s && *s != '\n')
			return -EINVAL;
	}
	return total ? (int)total : -EINVAL;
}

int tinyskel_possible_cpus(void)
{
	char buf[256];
	long n = tsk_sys_read_file("/sys/devices/system/cpu/possible", buf, sizeof(buf));

	if (n < 0)
		return (int)n;
	return count_list(buf);
}
