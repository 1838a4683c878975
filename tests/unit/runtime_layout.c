/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* runtime_layout.c - runtime/load/probe_layout.c: which in-loader variant the
 * runtime sends for each answer of the two map-read probes (the answers of
 * the real kernels are pinned by tests/vm), never one the verifier refused,
 * and a process error is not cached. */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "fake_sys.h"
#include "test_skel.h"

static struct test_skel skel;
static struct tinyskel_blob blob;
static struct tinyskel_signature sigs[4];
static struct tinyskel_skel_info info;

/* test_info_signed plus the no-excl in-loader variant (own instructions). */
static void two_variants(void)
{
	blob = test_blob_signed;
	memcpy(sigs, test_sigs, sizeof(test_sigs));
	sigs[3] = test_sigs[2];
	sigs[3].flags = TINYSKEL_SIG_INLOADER_NO_EXCL;
	sigs[3].insns = test_insns_inloader;
	blob.sigs = sigs;
	blob.nr_sigs = 4;
	info = test_info_signed;
	info.blob = &blob;
}

/* Forced in-loader, unsigned-only (as on a kernel that cannot verify). */
static int load(const struct tinyskel_skel_info *i, int e0, int e1, struct tinyskel_result *res)
{
	struct tinyskel_opts opts = { .sz = sizeof(opts), .policy = TINYSKEL_POLICY_UNSIGNED_ONLY,
				      .force_scheme = TINYSKEL_SCHEME_INLOADER + 1 };
	int err;

	fake_reset(i);
	fake.layout_err[0] = e0;
	fake.layout_err[1] = e1;
	tinyskel_init(i, &skel);
	err = tinyskel_load(i, &skel, &opts, res);
	tinyskel_destroy(i, &skel);
	CHECK_INT(fake.open_fds, 0);
	return err;
}

int main(void)
{
	struct tinyskel_features f;
	struct tinyskel_result res;

#ifndef CONFIG_SCHEME_INLOADER
	puts("skipped: the in-loader scheme is not built in");
	(void)f;
	(void)res;
	return 0;
#endif

	two_variants();
	check_ctx = "later 6.18.y: excl word readable";
	CHECK_INT(load(&info, 0, 0, &res), 0);
	CHECK_INT(res.sig_flags, 0);

	check_ctx = "early 6.18.y: ops at 32 (EACCES), hash readable";
	CHECK_INT(load(&info, 0, -EACCES, &res), 0);
	CHECK_INT(res.sig_flags, TINYSKEL_SIG_INLOADER_NO_EXCL);

	check_ctx = "early layout, header with only the excl variant";
	CHECK_INT(load(&test_info_signed, 0, -EACCES, &res), -EOPNOTSUPP);
	CHECK_INT(res.step, TINYSKEL_STEP_PROBE);
	CHECK_REASON(res, "early 6.18.y");

	check_ctx = "no BTF: ENOTSUPP on any map-pointer read";
	CHECK_INT(load(&info, -524, -524, &res), -EOPNOTSUPP);
	CHECK_INT(res.step, TINYSKEL_STEP_PROBE);
	CHECK_REASON(res, "CONFIG_DEBUG_INFO_BTF");

	/* The excl read refused for another reason: layout unknown, nothing sent. */
	check_ctx = "excl read refused with EINVAL";
	CHECK_INT(load(&info, 0, -EINVAL, &res), -EOPNOTSUPP);
	CHECK_REASON(res, "unknown struct bpf_map layout");

	check_ctx = "no privilege";
	CHECK_INT(load(&info, -EPERM, -EPERM, &res), -EOPNOTSUPP);
	CHECK_REASON(res, "CAP_BPF");

	/* EMFILE is this process's problem: not cached, the next ask probes again. */
	check_ctx = "transient error not cached";
	fake_reset(&info);
	fake.layout_err[0] = -EMFILE;
	CHECK_INT(tinyskel_probe_layout(&f), -EMFILE);
	fake.layout_err[0] = 0;
	CHECK_INT(tinyskel_probe_layout(&f), 0);
	CHECK_INT(f.map_excl_word, 1);
	fake.layout_err[1] = -EACCES; /* cached now: the kernel's answer stays */
	CHECK_INT(tinyskel_probe_layout(&f), 0);
	CHECK_INT(f.map_excl_word, 1);
	CHECK_INT(fake.open_fds, 0);
	return check_exit();
}
