// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* upstream_style.c - written the way the kernel's light-skeleton selftests
 * and tools are written against bpftool's header, and built unchanged
 * against skelgen's (scalars.bpf.c).  It relies on what bpftool's header
 * brings: KEY_SPEC_SESSION_KEYRING, syscall() and __NR_bpf, union bpf_attr,
 * struct bpf_map_desc / bpf_loader_ctx, __u64 as unsigned long long, char[]
 * and _Bool members, enum/typedef/long members its own types point at, and
 * per-program attach returning -1 with errno.
 * bpftool 7.1 has no -S, so only its header is built with -DNO_KEYRING_ID
 * (6.18's bpftool -S header has skel->keyring_id where ours does). */
#include <errno.h> /* bpftool 7.1's skel_internal.h uses errno without it */
#include <stdio.h>
#include <string.h>
#include <stdbool.h>
#include "scalars.lskel.h"

static int lookup(int map_fd, __u32 key, void *value)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = map_fd;
	attr.key = (__u64)(unsigned long)&key;
	attr.value = (__u64)(unsigned long)value;
	return (int)syscall(__NR_bpf, BPF_MAP_LOOKUP_ELEM, &attr, sizeof(attr));
}

int main(void)
{
	struct scalars *skel;
	struct bpf_map_desc *desc;
	__u64 *counter;
	bool *flag;
	enum color *col;
	enum neg *sign;
	u32 *u;
	unsigned long *ul;
	long *lg;
	unsigned char data[88];
	int fd, err;

	skel = scalars__open();
	if (!skel) {
		printf("open: errno %d\n", errno);
		return 1;
	}
#ifndef NO_KEYRING_ID
	skel->keyring_id = KEY_SPEC_SESSION_KEYRING;
#endif
	strcpy(skel->data->name, "upstream");
	counter = &skel->data->u64v;
	flag = &skel->data->flag;
	/* the app's own types point at skeleton members (-Werror: same types) */
	col = &skel->data->col;
	sign = &skel->data->sign;
	u = &skel->data->u32v;
	ul = &skel->data->ul;
	lg = &skel->data->lg;
	printf("col=%d sign=%d u32v=%u ul=%lu lg=%ld\n", (int)*col, (int)*sign, *u, *ul, *lg);
	printf("before load: name=%s u64v=%llu flag=%d ctx.sz=%u\n", skel->data->name, *counter, *flag,
	       ((struct bpf_loader_ctx *)skel)->sz);
	/* attach before load: no program fd yet, -1 and errno (bpftool's shape) */
	fd = scalars__corpus_trigger__attach(skel);
	printf("attach before load: %s\n", fd == -1 && errno ? "-1 with errno" : "other");
	err = scalars__load(skel);
	if (err) {
		printf("load: %d errno %d\n", err, errno);
		scalars__destroy(skel);
		return 2;
	}
	desc = (struct bpf_map_desc *)&skel->maps.data;
	if (desc != &skel->maps.data) /* bpftool declares them so: no cast needed */
		return 4;
	memset(data, 0, sizeof(data));
	err = lookup(desc->map_fd, 0, data);
	printf("lookup: %d, name in map: %s, u64v %llu\n", err, (char *)data, *counter);
	/* pointer members are pointers, as in bpftool's header (64-bit hosts) */
	printf("pointers: %s %s\n", skel->bss->ptr == NULL ? "null" : "set",
	       skel->bss->op == (struct opaque *)0 && skel->bss->argvp == (char **)0 ? "null" : "set");
	scalars__destroy(skel);
	return err ? 3 : 0;
}
