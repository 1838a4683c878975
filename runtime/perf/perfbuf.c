/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * perfbuf.c - consume a BPF_MAP_TYPE_PERF_EVENT_ARRAY (bpf_perf_event_output)
 * from user space, what libbpf's perf_buffer does, with the caller's memory.
 *
 * One perf event (software, BPF_OUTPUT) per CPU, its ring mmapped (a
 * control page, then 2^n data pages) and its fd stored in the map at the
 * CPU's index; the program writes into the ring of the CPU it runs on.  A
 * record is a perf_event_header (type, misc, size) then, for a sample, a
 * u32 length and the program's bytes; a LOST record counts samples the
 * kernel dropped because the ring was full.  A record that wraps around
 * the end of the ring is copied into the caller's scratch buffer.
 *
 * Ordering as in ringbuf.c: data_head read with an acquire load before
 * the records, data_tail written with a release store after the callback.
 * Positions are u64 in the control page; like ringbuf.c we read the low
 * 32 bits of the head (only differences matter) and write the tail whole.
 */
#include <errno.h>

#include "../internal.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "perfbuf.c reads the low word of data_head at its offset: little-endian only"
#endif

#define PERF_TYPE_SOFTWARE_ 1
#define PERF_COUNT_SW_BPF_OUTPUT_ 10
#define PERF_SAMPLE_RAW_ (1u << 10)
#define PERF_FLAG_FD_CLOEXEC_ 8ul
#define PERF_EVENT_IOC_ENABLE_ 0x2400ul
#define PERF_RECORD_LOST_ 2
#define PERF_RECORD_SAMPLE_ 9
#define HEAD_OFF 1024 /* struct perf_event_mmap_page: data_head */
#define TAIL_OFF 1032 /*                               data_tail */
#define BPF_MAP_TYPE_PERF_EVENT_ARRAY_ 4

/* The part of struct perf_event_attr this needs (size: PERF_ATTR_SIZE_VER0). */
struct perf_attr {
	uint32_t type, size;
	uint64_t config, sample_period, sample_type, read_format, flags;
	uint32_t wakeup_events, bp_type;
	uint64_t config1;
};

static int map_entries(int map_fd)
{
	struct tsk_bpf_map_info mi;
	struct tsk_attr_info attr;
	long err;

	memset(&mi, 0, sizeof(mi));
	memset(&attr, 0, sizeof(attr));
	attr.bpf_fd = (uint32_t)map_fd;
	attr.info_len = offsetof(struct tsk_bpf_map_info, map_extra);
	attr.info = TSK_PTR(&mi);
	err = tsk_sys_bpf(TSK_BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr));
	if (err)
		return (int)err;
	return mi.type == BPF_MAP_TYPE_PERF_EVENT_ARRAY_ && mi.max_entries ? (int)mi.max_entries : -EINVAL;
}

/* One CPU's ring: event, mmap, enable, map slot, epoll.  0, 1 (no such
 * CPU: skipped), or a negative errno with *why set. */
static int open_cpu(struct tinyskel_perfbuf *pb, int map_fd, uint32_t cpu, const char **why)
{
	struct perf_attr a;
	struct tsk_attr_map_elem up;
	uint32_t key = cpu, n = pb->nr;
	int fd, err = 0, val;
	void *base;

	memset(&a, 0, sizeof(a));
	a.type = PERF_TYPE_SOFTWARE_;
	a.size = sizeof(a);
	a.config = PERF_COUNT_SW_BPF_OUTPUT_;
	a.sample_period = 1;
	a.sample_type = PERF_SAMPLE_RAW_;
	a.wakeup_events = 1;
	fd = (int)tsk_fd_good(tsk_sys_perf_event_open(&a, -1, (int)cpu, -1, PERF_FLAG_FD_CLOEXEC_));
	if (fd < 0) {
		*why = "perf buffer open: perf_event_open (BPF output event) refused";
		/* past the last possible CPU (max_entries > CPUs) */
		return cpu && (fd == -ENODEV || fd == -EINVAL) ? 1 : fd;
	}
	base = tsk_sys_mmap(pb->page + pb->data_size, 1, fd, &err);
	if (!base) {
		tsk_sys_close(fd);
		*why = "perf buffer open: mmap of a CPU's ring refused";
		return err;
	}
	val = fd;
	memset(&up, 0, sizeof(up));
	up.map_fd = (uint32_t)map_fd;
	up.key = TSK_PTR(&key);
	up.value = TSK_PTR(&val);
	err = tsk_sys_ioctl(fd, PERF_EVENT_IOC_ENABLE_, 0);
	if (!err)
		err = (int)tsk_sys_bpf(TSK_BPF_MAP_UPDATE_ELEM, &up, sizeof(up));
	if (!err)
		err = tsk_sys_epoll_add(pb->epoll_fd, fd, n);
	if (err) {
		tsk_sys_munmap(base, pb->page + pb->data_size);
		tsk_sys_close(fd);
		*why = "perf buffer open: enable, map update or epoll refused";
		return err;
	}
	pb->ring[n].fd = fd;
	pb->ring[n].cpu = cpu;
	pb->ring[n].base = base;
	pb->nr = n + 1;
	return 0;
}

int tinyskel_perfbuf_open(struct tinyskel_perfbuf *pb, int map_fd, uint32_t pages_per_cpu,
			  const struct tinyskel_perfbuf_opts *o, struct tinyskel_result *res)
{
	const char *why = "perf buffer open: not a BPF_MAP_TYPE_PERF_EVENT_ARRAY map";
	int n, err = 0;
	uint32_t cpu;

	memset(pb, 0, sizeof(*pb));
	if (map_fd <= 0 || !o || !o->fn || !pages_per_cpu || (pages_per_cpu & (pages_per_cpu - 1)))
		return tsk_op_fail(res, TINYSKEL_STEP_RINGBUF, -EINVAL,
				   "perf buffer open: no map fd or callback, or pages per CPU not a power of two");
	n = map_entries(map_fd);
	if (n < 0)
		return tsk_op_fail(res, TINYSKEL_STEP_RINGBUF, n, why);
	pb->page = tsk_sys_pagesize();
	pb->data_size = (size_t)pages_per_cpu * pb->page;
	pb->opts = *o;
	pb->epoll_fd = (int)tsk_fd_good(tsk_sys_epoll_create());
	if (pb->epoll_fd < 0) {
		err = pb->epoll_fd;
		pb->epoll_fd = 0;
		return tsk_op_fail(res, TINYSKEL_STEP_RINGBUF, err, "perf buffer open: epoll_create refused");
	}
	for (cpu = 0; cpu < (uint32_t)n; cpu++) {
		if (pb->nr == TINYSKEL_PERFBUF_MAX_CPUS) {
			err = -E2BIG;
			why = "perf buffer open: more CPUs than TINYSKEL_PERFBUF_MAX_CPUS";
			break;
		}
		err = open_cpu(pb, map_fd, cpu, &why);
		if (err == 1) /* no such CPU: the rest are past the end too */
			break;
		if (err)
			break;
	}
	if (err < 0) {
		tinyskel_perfbuf_close(pb);
		return tsk_op_fail(res, TINYSKEL_STEP_RINGBUF, err, why);
	}
	return 0;
}

void tinyskel_perfbuf_close(struct tinyskel_perfbuf *pb)
{
	uint32_t i;

	for (i = 0; i < pb->nr; i++) {
		tsk_sys_munmap(pb->ring[i].base, pb->page + pb->data_size);
		tsk_sys_close(pb->ring[i].fd);
	}
	if (pb->epoll_fd > 0)
		tsk_sys_close(pb->epoll_fd);
	memset(pb, 0, sizeof(*pb));
}

/* Every record now in ring i.  Returns samples delivered or the callback's
 * negative value. */
static int consume_ring(struct tinyskel_perfbuf *pb, uint32_t i)
{
	uint8_t *base = pb->ring[i].base, *data = base + pb->page;
	uint64_t *tailp = (uint64_t *)(base + TAIL_OFF), tail = *tailp;
	uint32_t head = __atomic_load_n((const uint32_t *)(base + HEAD_OFF), __ATOMIC_ACQUIRE);
	size_t mask = pb->data_size - 1;
	int n = 0, r = 0;

	while ((uint32_t)tail != head && r >= 0) {
		size_t off = (size_t)tail & mask;
		const uint8_t *rec = data + off;
		uint32_t type = *(const uint32_t *)rec;
		uint16_t size = *(const uint16_t *)(rec + 6);

		/* The kernel writes 8-byte aligned records of at least a header;
		 * anything else is a ring we cannot walk: drop what is there. */
		if (size < 8 || size % 8 || size > (uint32_t)(head - (uint32_t)tail)) {
			tail += head - (uint32_t)tail;
			break;
		}
		if (off + size > pb->data_size) { /* wraps: make it contiguous */
			size_t first = pb->data_size - off;

			if (size > pb->opts.scratch_size || !pb->opts.scratch) {
				pb->too_big++;
				tail += size;
				continue;
			}
			memcpy(pb->opts.scratch, rec, first);
			memcpy((uint8_t *)pb->opts.scratch + first, data, size - first);
			rec = pb->opts.scratch;
		}
		if (type == PERF_RECORD_SAMPLE_ && size >= 12) {
			uint32_t len = *(const uint32_t *)(rec + 8);

			if (len <= (uint32_t)size - 12u) {
				r = pb->opts.fn(pb->opts.ctx, pb->ring[i].cpu, rec + 12, len);
				n++;
			}
		} else if (type == PERF_RECORD_LOST_ && size >= 24) {
			uint64_t lost;

			memcpy(&lost, rec + 16, sizeof(lost));
			pb->lost += lost;
			if (pb->opts.lost_fn)
				pb->opts.lost_fn(pb->opts.ctx, pb->ring[i].cpu, lost);
		}
		tail += size;
		__atomic_store_n(tailp, tail, __ATOMIC_RELEASE);
	}
	__atomic_store_n(tailp, tail, __ATOMIC_RELEASE);
	pb->records += (uint64_t)n;
	return r < 0 ? r : n;
}

int tinyskel_perfbuf_consume(struct tinyskel_perfbuf *pb)
{
	uint32_t i;
	int n = 0, r;

	for (i = 0; i < pb->nr; i++) {
		r = consume_ring(pb, i);
		if (r < 0)
			return r;
		n += r;
	}
	return n;
}

int tinyskel_perfbuf_poll(struct tinyskel_perfbuf *pb, int timeout_ms)
{
	uint32_t tags[TINYSKEL_PERFBUF_MAX_CPUS];
	int ready, k, n = 0, r;

	if (!pb->epoll_fd)
		return -EBADF;
	ready = tsk_sys_epoll_wait(pb->epoll_fd, tags, (int)pb->nr, timeout_ms);
	if (ready < 0)
		return ready == -EINTR ? 0 : ready;
	for (k = 0; k < ready; k++) {
		if (tags[k] >= pb->nr)
			continue;
		r = consume_ring(pb, tags[k]);
		if (r < 0)
			return r;
		n += r;
	}
	return n;
}
