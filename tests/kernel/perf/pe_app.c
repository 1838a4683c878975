// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* pe_app.c - tinyskel_attach_perf_event on every CPU: (1) minor page
 * faults, one sample each: the program counts exactly the faults
 * getrusage() reports for the same stretch; (2) cpu-clock at 1 ms: samples
 * arrive on the CPUs while a busy loop runs (how many land in the loop
 * itself depends on what else the machine runs: printed, not asserted). */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>
#include "pe.lskel.h"

#define PAGES 500

static long minflt(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

int main(void)
{
	static struct pe skel;
	static struct tinyskel_perf_links links;
	struct tinyskel_result res;
	struct tinyskel_perf_event faults = { 1 /* SOFTWARE */, 5 /* PAGE_FAULTS_MIN */, 1, 0, 0 };
	struct tinyskel_perf_event clock = { 1 /* SOFTWARE */, 0 /* CPU_CLOCK */, 1000000 /* ns */, 0, 0 };
	long ncpu = sysconf(_SC_NPROCESSORS_CONF), before, after, i;
	volatile unsigned long spin = 0;
	unsigned char *mem;
	int n, ok;

	if (pe__init(&skel) || pe__load(&skel)) {
		printf("load: %s\n", skel.result.reason);
		return 1;
	}
	skel.bss->target_pid = (__u32)getpid();
	faults.nr_cpus = clock.nr_cpus = (uint32_t)(ncpu > 64 ? 64 : ncpu);
	mem = mmap(NULL, PAGES * 4096 * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	n = tinyskel_attach_perf_event(&pe__info_desc, &skel, 0, &faults, &links, &res);
	if (n <= 0) {
		printf("attach page-faults: %d %s\n", n, res.reason);
		return 1;
	}
	before = minflt(); /* warm: getrusage's own pages */
	*(volatile __u32 *)&skel.bss->on = 1; /* the loop below must not sink it */
	before = minflt();
	for (i = 0; i < PAGES; i++)
		mem[i * 8192] = 1; /* one new page each (every other, no fault-around) */
	after = minflt();
	*(volatile __u32 *)&skel.bss->on = 0;
	tinyskel_perf_links_close(&links);
	printf("page faults on %d CPUs: program counted %llu, getrusage %ld\n", n,
	       (unsigned long long)skel.bss->samples, after - before);
	ok = (long)skel.bss->samples == after - before && after - before >= PAGES;
	skel.bss->samples = skel.bss->any = 0;
	n = tinyskel_attach_perf_event(&pe__info_desc, &skel, 0, &clock, &links, &res);
	if (n <= 0) {
		printf("attach cpu-clock: %d %s\n", n, res.reason);
		return 1;
	}
	*(volatile __u32 *)&skel.bss->on = 1; /* the loop below must not sink it */
	while (*(volatile __u64 *)&skel.bss->any < 20 && spin < 4000000000ul)
		spin++;
	*(volatile __u32 *)&skel.bss->on = 0;
	tinyskel_perf_links_close(&links);
	printf("cpu-clock (1 ms) on %d CPUs: %llu samples during a busy loop of %lu steps, %llu of them in it\n", n,
	       (unsigned long long)skel.bss->any, (unsigned long)spin, (unsigned long long)skel.bss->samples);
	ok = ok && skel.bss->any >= 20;
	pe__deinit(&skel);
	return ok ? 0 : 1;
}
