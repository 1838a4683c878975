/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * attach_perf.c - tracepoint/, kprobe/ and kretprobe/ programs, attached
 * through a perf event and BPF_LINK_CREATE (5.15+), falling back to
 * PERF_EVENT_IOC_SET_BPF where links are missing.  bpftool's light
 * skeletons print "auto-attach not supported" for these.  Only a header
 * with such a program references tinyskel_attach_perf, so only such an
 * app links this file (and the perf_event_open/ioctl/read_file wrappers).
 */
#include <errno.h>

#include "../internal.h"

static const char *const tracefs_roots[] = {
	"/sys/kernel/tracing/events/",
	"/sys/kernel/debug/tracing/events/",
};

/* Append src to dst[*len], bounded; returns -ENAMETOOLONG when it does not fit. */
static int append(char *dst, size_t size, size_t *len, const char *src)
{
	size_t n = strlen(src);

	if (n >= size - *len)
		return -ENAMETOOLONG;
	memcpy(dst + *len, src, n + 1);
	*len += n;
	return 0;
}

/* Tracepoint ids are kernel ints; the limit keeps the value a valid
 * non-negative long on 32-bit targets too (long is 32-bit on armv7). */
static long parse_u32(const char *s)
{
	long long v = 0;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (*s - '0');
		if (v > 0x7fffffffLL)
			return -ERANGE;
	}
	return (long)v;
}

/* "CAT/NAME" -> /sys/kernel/tracing/events/CAT/NAME/id */
static long tracepoint_id(const char *target)
{
	char path[256], buf[32];
	long err = -ENOENT;
	size_t i;

	for (i = 0; i < sizeof(tracefs_roots) / sizeof(tracefs_roots[0]); i++) {
		size_t len = 0;

		if (append(path, sizeof(path), &len, tracefs_roots[i]) ||
		    append(path, sizeof(path), &len, target) ||
		    append(path, sizeof(path), &len, "/id"))
			return -ENAMETOOLONG;
		err = tsk_sys_read_file(path, buf, sizeof(buf));
		if (err >= 0)
			return parse_u32(buf);
	}
	return err;
}

/* The kprobe PMU's type and its "retprobe" bit (format: "config:N"). */
static long kprobe_pmu(int retprobe, uint64_t *config)
{
	char buf[32];
	long type, bit;

	type = tsk_sys_read_file("/sys/bus/event_source/devices/kprobe/type", buf, sizeof(buf));
	if (type < 0)
		return type;
	type = parse_u32(buf);
	*config = 0;
	if (type < 0 || !retprobe)
		return type;
	bit = tsk_sys_read_file("/sys/bus/event_source/devices/kprobe/format/retprobe", buf, sizeof(buf));
	if (bit < 0)
		return bit;
	if (strncmp(buf, "config:", 7) != 0 || (bit = parse_u32(buf + 7)) < 0 || bit > 63)
		return -EINVAL;
	*config = 1ull << bit;
	return type;
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* "func" or "func+0x10" -> name (copied into buf) and offset. */
static int split_kprobe(const char *target, char *buf, size_t size, uint64_t *offset)
{
	const char *plus = strchr(target, '+');
	size_t n = plus ? (size_t)(plus - target) : strlen(target);
	const char *s;

	if (n == 0 || n >= size)
		return -EINVAL;
	memcpy(buf, target, n);
	buf[n] = '\0';
	*offset = 0;
	if (!plus)
		return 0;
	s = plus + 1;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		if (!s[2])
			return -EINVAL;
		for (s += 2; *s; s++) {
			int d = *s >= '0' && *s <= '9' ? *s - '0' :
				*s >= 'a' && *s <= 'f' ? *s - 'a' + 10 :
				*s >= 'A' && *s <= 'F' ? *s - 'A' + 10 : -1;
			if (d < 0 || *offset >> 60)
				return -EINVAL;
			*offset = *offset * 16 + (uint64_t)d;
		}
		return 0;
	}
	{
		/* all of it: "func+12abc" is no offset */
		long v = all_digits(s) ? parse_u32(s) : -EINVAL;

		if (v < 0)
			return -EINVAL;
		*offset = (uint64_t)v;
	}
	return 0;
}

static int perf_event_for(const struct tinyskel_prog_info *p)
{
	struct tsk_perf_event_attr attr;
	char func[128];
	uint64_t offset = 0;
	long type;
	int err;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.sample_period = 1;
	attr.wakeup_events = 1;
	if (p->attach == TINYSKEL_ATTACH_TRACEPOINT) {
		type = tracepoint_id(p->target);
		if (type < 0)
			return (int)type;
		attr.type = TSK_PERF_TYPE_TRACEPOINT;
		attr.config = (uint64_t)type;
	} else {
		err = split_kprobe(p->target, func, sizeof(func), &offset);
		if (err)
			return err;
		type = kprobe_pmu(p->attach == TINYSKEL_ATTACH_KRETPROBE, &attr.config);
		if (type < 0)
			return (int)type;
		attr.type = (uint32_t)type;
		attr.config1 = TSK_PTR(func);
		attr.config2 = offset;
	}
	/* pid -1, cpu 0: a BPF program on a tracepoint or kprobe runs on every CPU. */
	return tsk_sys_perf_event_open(&attr, -1, 0, -1, TSK_PERF_FLAG_FD_CLOEXEC);
}

int tinyskel_attach_perf(const struct tinyskel_prog_info *p, int prog_fd)
{
	const uint32_t kinds = TSK_KIND(TINYSKEL_ATTACH_TRACEPOINT) | TSK_KIND(TINYSKEL_ATTACH_KPROBE) |
			       TSK_KIND(TINYSKEL_ATTACH_KRETPROBE);
	int err = tsk_attach_kind_ok(p, kinds, kinds);

	if (err || prog_fd == TINYSKEL_ATTACH_CHECK)
		return err;
	/* A BPF link over the perf event, or the event itself before 5.15. */
	return tsk_perf_link(perf_event_for(p), prog_fd);
}
