// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* app.c - tinyskel_attach_usdt on this very binary's probe tsk:hit (built
 * with <sys/sdt.h>, systemtap-sdt-dev): fired 7 times after attach, the
 * program counts 7 hits, the sum of the first argument, a negative 32-bit
 * second one and a third one the probe passes in memory. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/sdt.h>
#include "probe.lskel.h"

static volatile long mem_arg[2];
static volatile long *volatile arg_ptr = mem_arg; /* opaque: no clone that knows mem_arg */

/* Arguments: -8@%rdi -4@%eax -8@8(%rsi) (register, 32-bit register,
 * memory at register + offset).  A global named directly would be
 * sym(%rip), which neither libbpf 1.1 nor this runtime reads. */
__attribute__((noinline, noipa)) static void fire_at(long i, volatile long *p)
{
	int neg = -(int)i;

	p[1] = 1000 + i;
	DTRACE_PROBE3(tsk, hit, i, neg, p[1]);
}

static void fire(long i)
{
	fire_at(i, arg_ptr);
}

int main(void)
{
	static struct probe skel;
	static struct tinyskel_usdt_links links;
	struct tinyskel_result res;
	char self[4096];
	long n, i;
	int ok;

	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return 1;
	self[n] = '\0';
	if (probe__init(&skel) || probe__load(&skel)) {
		printf("load: %s\n", skel.result.reason);
		return 1;
	}
	skel.bss->target_pid = (__u32)getpid();
	fire(100); /* before attach: not counted */
	links.first_spec_id = 0;
	n = tinyskel_attach_usdt(&probe__info_desc, &skel, 0, self, getpid(), "tsk", "hit", 0xc0ffee, &links, &res);
	if (n <= 0) {
		printf("attach: %ld %s\n", n, res.reason);
		return 1;
	}
	for (i = 1; i <= 7; i++)
		fire(i);
	tinyskel_usdt_links_close(&links);
	fire(200); /* after detach: not counted */
	printf("usdt tsk:hit at %ld site(s): hits=%llu sum=%llu last_neg=%lld last_mem=%lld cookie=%llx\n", n,
	       (unsigned long long)skel.bss->hits, (unsigned long long)skel.bss->sum, (long long)skel.bss->last_neg,
	       (long long)skel.bss->last_mem, (unsigned long long)skel.bss->cookie);
	ok = skel.bss->hits == 7 && skel.bss->sum == 28 && skel.bss->last_neg == -7 && skel.bss->last_mem == 1007 &&
	     skel.bss->cookie == 0xc0ffee;
	/* no such probe: refused, naming the cause */
	n = tinyskel_attach_usdt(&probe__info_desc, &skel, 0, self, getpid(), "tsk", "nope", 0, &links, &res);
	printf("tsk:nope: %ld %s\n", n, res.reason);
	ok = ok && n == -ENOENT && strstr(res.reason, "no such probe");
	probe__deinit(&skel);
	return ok ? 0 : 1;
}
