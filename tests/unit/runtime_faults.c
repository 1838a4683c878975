/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * runtime_faults.c - every syscall of the load and attach paths fails in
 * turn, with each plausible errno.  After every case: the error is the
 * injected one (or the load legitimately went on: a probe or the
 * exclusive-map fallback), the result names the step of the failing
 * syscall, and no fd or mapping is left behind.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fake_sys.h"
#include "test_skel.h"
#include "tinyskel_uapi.h"

extern int fake_bad_closes;

static const int errnos[] = { -EPERM, -EINVAL, -ENOMEM, -E2BIG, -EFAULT, -EBADF, -EACCES, -ENOSPC,
			      -EAGAIN, -EINTR };

static uint32_t step_of(const struct fake_rec *r)
{
	switch (r->call) {
	case FAKE_MMAP: return TINYSKEL_STEP_MMAP;
	case FAKE_DUP: return TINYSKEL_STEP_MAP_CREATE; /* filling the holes below fd 3 */
	case FAKE_BPF: break;
	default: return TINYSKEL_STEP_ATTACH;
	}
	switch (r->cmd) {
	case TSK_BPF_MAP_CREATE: return TINYSKEL_STEP_MAP_CREATE;
	case TSK_BPF_MAP_UPDATE_ELEM: return TINYSKEL_STEP_MAP_UPDATE;
	case TSK_BPF_MAP_FREEZE: return TINYSKEL_STEP_MAP_FREEZE;
	case TSK_BPF_OBJ_GET_INFO_BY_FD: return TINYSKEL_STEP_MAP_HASH;
	case TSK_BPF_PROG_LOAD: return TINYSKEL_STEP_PROG_LOAD;
	case TSK_BPF_PROG_RUN: return TINYSKEL_STEP_PROG_RUN;
	default: return TINYSKEL_STEP_ATTACH;
	}
}

struct kernel {
	const char *name;
	const struct tinyskel_skel_info *info;
	int chain, probe_sig_err, verify_err;
	uint32_t policy, force;
	unsigned std_closed; /* the app closed these standard fds (bits 0-2) */
};

static void setup(const struct kernel *k)
{
	fake_reset(k->info);
	fake.chain_supported = k->chain;
	fake.probe_sig_err = k->probe_sig_err;
	fake.verify_err = k->verify_err;
	fake.std_closed = k->std_closed;
}

static int do_load(const struct kernel *k, struct test_skel *skel)
{
	struct tinyskel_opts opts = { .sz = sizeof(opts), .policy = k->policy, .force_scheme = k->force };

	tinyskel_init(k->info, skel);
	return tinyskel_load(k->info, skel, &opts, &skel->result);
}

/* Calls before the metadata map is created belong to the kernel probes. */
static int first_load_call(void)
{
	int i;

	for (i = 0; i < fake.ncalls; i++)
		if (fake.rec[i].call == FAKE_BPF && fake.rec[i].cmd == TSK_BPF_MAP_CREATE &&
		    ((const struct tsk_attr_map_create *)fake.rec[i].attr)->value_size == sizeof(test_data))
			return i;
	return fake.ncalls;
}

static void load_path(const struct kernel *k)
{
	struct test_skel skel;
	char ctx[160];
	int n, i, e, err, probes;

	setup(k);
	CHECK_INT(do_load(k, &skel), 0);
	tinyskel_destroy(k->info, &skel);
	n = fake.ncalls;
	probes = first_load_call();
	for (i = 0; i < n; i++) {
		for (e = 0; e < (int)(sizeof(errnos) / sizeof(errnos[0])); e++) {
			struct fake_rec failed;

			setup(k);
			fake.fail_at = i;
			fake.fail_err = errnos[e];
			err = do_load(k, &skel);
			failed = fake.rec[i];
			snprintf(ctx, sizeof(ctx), "%s: call %d (%d/%d) fails with %d", k->name, i, failed.call,
				 failed.cmd, errnos[e]);
			check_ctx = ctx;
			if (i < probes) {
				/* A failing probe degrades what the runtime knows of the
				 * kernel: any outcome may follow, but it is explained. */
				CHECK(!err || (skel.result.reason && skel.result.reason[0]));
			} else if (failed.call == FAKE_CLOSE) {
				/* close errors are not load errors, and the fd is gone */
				CHECK_INT(err, 0);
			} else if (err) {
				CHECK_INT(err, errnos[e]);
				CHECK_INT(skel.result.err, errnos[e]);
				CHECK_INT(skel.result.step, step_of(&failed));
				CHECK(skel.result.reason && skel.result.reason[0]);
				CHECK_INT(skel.maps.counts.map_fd, 0);
				CHECK_INT(skel.progs.on_raw.prog_fd, 0);
			} else {
				/* Only a probe, the first exclusive map create, or a
				 * quiet load retried for its log may fail and still load. */
				const struct tsk_attr_prog_load *pl = (const void *)failed.attr;

				CHECK((failed.cmd == TSK_BPF_PROG_LOAD && pl->insn_cnt == 2) ||
				      failed.cmd == TSK_BPF_MAP_CREATE);
			}
			tinyskel_destroy(k->info, &skel);
			CHECK_INT(fake.open_fds, 0);
			CHECK_INT(fake.maps_mapped, 0);
			CHECK_INT(fake_bad_closes, 0);
		}
	}
}

static void attach_path(unsigned std_closed)
{
	struct test_skel skel;
	const struct kernel k = { "attach", &test_info, 0, 0, 0, TINYSKEL_POLICY_ALLOW_UNSIGNED, 0, std_closed };
	char ctx[128];
	int base, n, i, e, err;

	setup(&k);
	CHECK_INT(do_load(&k, &skel), 0);
	base = fake.ncalls;
	CHECK_INT(tinyskel_attach(&test_info, &skel), 0);
	n = fake.ncalls;
	tinyskel_destroy(&test_info, &skel);
	for (i = base; i < n; i++) {
		for (e = 0; e < (int)(sizeof(errnos) / sizeof(errnos[0])); e++) {
			setup(&k);
			fake.fail_at = i;
			fake.fail_err = errnos[e];
			CHECK_INT(do_load(&k, &skel), 0);
			err = tinyskel_attach(&test_info, &skel);
			snprintf(ctx, sizeof(ctx), "attach call %d (%d/%d) fails with %d", i, fake.rec[i].call,
				 fake.rec[i].cmd, errnos[e]);
			check_ctx = ctx;
			if (fake.rec[i].call == FAKE_CLOSE)
				CHECK_INT(err, 0); /* the fd is gone anyway */
			else if (fake.rec[i].call == FAKE_BPF && fake.rec[i].cmd == TSK_BPF_LINK_CREATE &&
				 ((const struct tsk_attr_link_create *)fake.rec[i].attr)->attach_type ==
					 TSK_BPF_PERF_EVENT && errnos[e] == -EINVAL)
				CHECK_INT(err, 0); /* kernel without perf links: ioctl fallback */
			else if (fake.rec[i].call == FAKE_READ && i + 1 < fake.ncalls &&
				 fake.rec[i + 1].call == FAKE_READ)
				CHECK_INT(err, 0); /* tracefs not at the first place: the next one */
			else
				CHECK_INT(err, errnos[e]);
			tinyskel_destroy(&test_info, &skel);
			CHECK_INT(fake.open_fds, 0);
			CHECK_INT(fake.maps_mapped, 0);
			CHECK_INT(fake_bad_closes, 0);
		}
	}
}

/* The scheme a signed load takes on k (as the fake kernel answers), and
 * whether this build meets that kernel: a board may build one scheme, and
 * with CONFIG_PROBE_NONE it never asks whether the kernel can verify
 * (runtime_load.c tests that build's own path). */
static int kernel_applies(const struct kernel *k)
{
	uint32_t s = k->chain ? TINYSKEL_SCHEME_CHAIN :
		     k->probe_sig_err == -EPERM ? TINYSKEL_SCHEME_LOADTIME : TINYSKEL_SCHEME_INLOADER;

	if (k->info == &test_info)
		return 1;
#ifdef CONFIG_PROBE_NONE
	if (k->verify_err)
		return 0;
#endif
	return k->verify_err || test_built_in(s);
}

int main(void)
{
	static const struct kernel kernels[] = {
		{ "unsigned header", &test_info, 0, -EOPNOTSUPP, -EOPNOTSUPP, TINYSKEL_POLICY_ALLOW_UNSIGNED, 0, 0 },
		{ "signed, kernel cannot verify", &test_info_signed, 0, -EOPNOTSUPP, -EOPNOTSUPP,
		  TINYSKEL_POLICY_ALLOW_UNSIGNED, 0, 0 },
		{ "chain kernel", &test_info_signed, 1, -EBADMSG, 0, TINYSKEL_POLICY_REQUIRE_SIGNED, 0, 0 },
		{ "loadtime kernel", &test_info_signed, 0, -EPERM, 0, TINYSKEL_POLICY_REQUIRE_SIGNED, 0, 0 },
		{ "6.18 kernel (inloader)", &test_info_signed, 0, -EBADMSG, 0, TINYSKEL_POLICY_REQUIRE_SIGNED, 0, 0 },
		/* issue 11, item 9: the copies that fill the holes below fd 3 fail too */
		{ "unsigned header, fds 0-2 closed", &test_info, 0, -EOPNOTSUPP, -EOPNOTSUPP,
		  TINYSKEL_POLICY_ALLOW_UNSIGNED, 0, 0x7 },
		{ "6.18 kernel, fd 0 closed", &test_info_signed, 0, -EBADMSG, 0, TINYSKEL_POLICY_REQUIRE_SIGNED, 0, 0x1 },
	};
	size_t i;

	for (i = 0; i < sizeof(kernels) / sizeof(kernels[0]); i++)
		if (kernel_applies(&kernels[i]))
			load_path(&kernels[i]);
	attach_path(0);
	attach_path(0x7);
	return check_exit();
}
