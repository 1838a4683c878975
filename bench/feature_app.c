/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * feature_app.c - one static binary per after-load feature, for the bytes
 * each adds (bench/after.sh builds it with -DFEATURE=N; 0 is the base app
 * that only loads, attaches and destroys).  Never run: the calls sit behind
 * a condition the linker cannot see through, so their code is linked.
 */
#include <stdint.h>

#include "rb.lskel.h"

static int on_rec(void *ctx, const void *data, uint32_t size)
{
	(void)ctx, (void)data;
	return (int)size;
}

int main(int argc, char **argv)
{
	struct rb *skel = rb__open_and_load();
	int fd = argc, r = 0;
	uint32_t k = 0, n = 1;
	uint64_t v = 0, off;

	(void)argv, (void)on_rec, (void)k, (void)n, (void)v, (void)off, (void)fd;
	if (!skel)
		return 1;
	r = rb__attach(skel);
	if (argc > 99) {
#if FEATURE == 1 /* map ops */
		r += tinyskel_map_lookup(fd, &k, &v) + tinyskel_map_update(fd, &k, &v, 0) +
		     tinyskel_map_delete(fd, &k) + tinyskel_map_get_next_key(fd, &k, &k) +
		     tinyskel_map_lookup_and_delete(fd, &k, &v);
#elif FEATURE == 2 /* batch */
		struct tinyskel_map_iter it = { 4, 8, 0, &k, 0, 0, 0 };

		r += tinyskel_map_lookup_batch(&it, fd, &k, &v, &n) + tinyskel_map_update_batch(fd, &k, &v, &n, 4, 8, 0);
#elif FEATURE == 3 /* per-CPU count */
		r += tinyskel_possible_cpus();
#elif FEATURE == 4 /* ring buffer + poller */
		static struct tinyskel_ringbuf ring;
		static struct tinyskel_ringbuf_poller p;

		r += tinyskel_ringbuf_open(&ring, fd, on_rec, NULL, NULL) + tinyskel_ringbuf_poller_init(&p, &ring, 1, NULL) +
		     tinyskel_ringbuf_poll(&p, 100);
		tinyskel_ringbuf_poller_close(&p);
		tinyskel_ringbuf_close(&ring);
#elif FEATURE == 5 /* xdp */
		r += tinyskel_attach_xdp(&rb__info_desc, skel, 0, fd, 0, NULL);
#elif FEATURE == 6 /* tcx */
		r += tinyskel_attach_tcx(&rb__info_desc, skel, 0, fd, 0, NULL);
#elif FEATURE == 7 /* cgroup */
		r += tinyskel_attach_cgroup(&rb__info_desc, skel, 0, fd, "cgroup_skb/ingress", NULL);
#elif FEATURE == 8 /* ksyscall */
		r += tinyskel_attach_ksyscall(&rb__info_desc, skel, 0, "openat", 0, NULL);
#elif FEATURE == 9 /* kprobe.multi */
		static const char *const syms[] = { "vfs_read" };

		r += tinyskel_attach_kprobe_multi(&rb__info_desc, skel, 0, syms, 1, 0, NULL);
#elif FEATURE == 10 /* uprobe + ELF reader */
		r += tinyskel_attach_uprobe(&rb__info_desc, skel, 0, "/bin/app", "main", 0, 0, NULL);
#elif FEATURE == 11 /* pinning */
		r += tinyskel_pin_skel(&rb__info_desc, skel, "/sys/fs/bpf/app", NULL) +
		     tinyskel_pinned_open("/sys/fs/bpf/app/rb", 0, NULL);
#elif FEATURE == 12 /* user ring buffer producer */
		static struct tinyskel_user_ringbuf urb;
		uint64_t *e;
		int err;

		r += tinyskel_user_ringbuf_open(&urb, fd, NULL);
		e = tinyskel_user_ringbuf_reserve(&urb, 8, &err);
		if (e)
			tinyskel_user_ringbuf_submit(&urb, e);
		tinyskel_user_ringbuf_close(&urb);
#endif
	}
	rb__destroy(skel);
	return r;
}
