/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * verified_insns.c - how much of the verifier's budget each BPF program of
 * ours takes on this kernel, so a program that creeps toward the 1,000,000
 * processed-instruction limit fails on the machine that writes it, not on
 * the next (issue 18: rb4g's bounded loop passed on one kernel build and
 * hit the limit on another).
 *
 *   verified_insns LIMIT OBJECT...
 *
 * Each program is loaded alone (libbpf, test-only) and its count read from
 * BPF_OBJ_GET_INFO_BY_FD's verified_insns.  A program the kernel refuses is
 * loaded again with BPF_LOG_STATS to read "processed N insns" from the log:
 * past the limit, or "program is too large", is a failure like a count
 * above LIMIT.  A program this kernel cannot load for other reasons (an
 * attach target it lacks, struct_ops, LSM without BPF_LSM) is listed as not
 * measured, with the errno, and does not fail the test: the VM layer loads
 * those on kernels that have them.  Exit 1 if any program is over.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

static char log_buf[1 << 20];

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

/* "processed 1000001 insns (limit 1000000) ..." -> 1000001; -1 if absent. */
static long processed(const char *log)
{
	const char *p = strstr(log, "processed ");
	long n;

	if (!p || sscanf(p, "processed %ld insns", &n) != 1)
		return -1;
	return n;
}

/* Load only program `want` of `path`; 0 and *count, or -errno. */
static int load_one(const char *path, const char *want, int with_log, long *count, int *too_large)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_program *p, *mine = NULL;
	int err;

	*count = -1;
	*too_large = 0;
	if (!obj)
		return -errno;
	bpf_object__for_each_program(p, obj) {
		int me = strcmp(bpf_program__name(p), want) == 0;

		bpf_program__set_autoload(p, me);
		if (me)
			mine = p;
	}
	if (!mine) {
		bpf_object__close(obj);
		return -ENOENT;
	}
	if (with_log) {
		log_buf[0] = 0;
		bpf_program__set_log_buf(mine, log_buf, sizeof(log_buf));
		bpf_program__set_log_level(mine, 4); /* BPF_LOG_STATS: the totals only */
	}
	err = bpf_object__load(obj);
	if (!err) {
		struct bpf_prog_info info;
		__u32 len = sizeof(info);

		memset(&info, 0, sizeof(info));
		if (bpf_obj_get_info_by_fd(bpf_program__fd(mine), &info, &len))
			err = -errno;
		else
			*count = info.verified_insns;
	} else if (with_log) {
		*count = processed(log_buf);
		*too_large = strstr(log_buf, "program is too large") != NULL;
	}
	bpf_object__close(obj);
	return err;
}

int main(int argc, char **argv)
{
	long limit, worst = 0;
	int over = 0, measured = 0, unmeasured = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: verified_insns LIMIT OBJECT...\n");
		return 2;
	}
	limit = strtol(argv[1], NULL, 10);
	libbpf_set_print(quiet);
	printf("%-44s %-28s %10s\n", "object", "program", "verified");
	for (int i = 2; i < argc; i++) {
		struct bpf_object *obj = bpf_object__open_file(argv[i], NULL);
		struct bpf_program *p;
		const char *base = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];

		if (!obj) {
			printf("%-44s %-28s %10s  cannot open: %s\n", base, "-", "-", strerror(errno));
			unmeasured++;
			continue;
		}
		bpf_object__for_each_program(p, obj) {
			const char *name = bpf_program__name(p);
			long n;
			int big, err = load_one(argv[i], name, 0, &n, &big);

			if (err)
				err = load_one(argv[i], name, 1, &n, &big);
			if (big || n > limit) {
				printf("%-44s %-28s %10ld  OVER %ld%s\n", base, name, n, limit,
				       big ? " (the kernel says: program is too large)" : "");
				over++;
			} else if (err) {
				printf("%-44s %-28s %10s  not loadable on this kernel (%s)\n", base, name, "-",
				       strerror(-err));
				unmeasured++;
			} else {
				printf("%-44s %-28s %10ld\n", base, name, n);
				measured++;
				if (n > worst)
					worst = n;
			}
		}
		bpf_object__close(obj);
	}
	printf("%d programs measured (largest %ld, limit %ld), %d not loadable here, %d over\n",
	       measured, worst, limit, unmeasured, over);
	return over ? 1 : 0;
}
