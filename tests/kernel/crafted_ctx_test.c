/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * crafted_ctx_test.c - issue 21 on the running kernel: each signed loader
 * variant of a header (chain/loadtime's sealed loader, both in-loader
 * variants), loaded unsigned here (this kernel verifies no signature) and
 * run directly with a crafted context, loads only the signed bytes:
 * .rodata = 1 and counts' max_entries = 2, whatever the context asks;
 * .data takes the context's value (allowed).  The common loader, run the
 * same way, obeys the context: the attack is real, so the test can fail.
 * The same attack runs signed on the signing kernels (tests/vm/vmtest.c).
 */
#define _GNU_SOURCE
#include <stdio.h>

#include "check.h"
#include "counter_signed.lskel.h"
#include "crafted_ctx.h"

static void report(const char *what, const struct cc_outcome *o)
{
	printf("%-28s err %d%s%s rodata 0x%x counts.max_entries %u data[0] %d\n", what, o->err,
	       o->err ? " at " : "", o->err ? o->step : "", o->rodata, o->counts_max, o->data_first);
}

int main(void)
{
	const struct tinyskel_skel_info *info = counter_signed__info();
	const struct tinyskel_blob *b = info->blob;
	struct cc_outcome o;
	uint32_t i, sealed = 0;
	int flag;

	if (geteuid() != 0) {
		printf("needs root to load BPF programs\n");
		return 77;
	}
	for (i = 0; i < b->nr_sigs; i++) {
		const struct tinyskel_signature *s = &b->sigs[i];
		char what[64];

		for (flag = 0; flag <= 1; flag++) {
			snprintf(what, sizeof(what), "%s%s%s", tinyskel_scheme_name(s->scheme),
				 s->flags & TINYSKEL_SIG_INLOADER_NO_EXCL ? "-noexcl" : "",
				 flag ? " +BPF_SKEL_KERNEL" : "");
			check_ctx = what;
			cc_attack(info, cc_sig_insns(b, s), s->insns_sz, s->insns_sha256, s->scheme, NULL, 0, flag, &o);
			report(what, &o);
			CHECK_INT(o.err, 0);
			CHECK_INT(o.rodata, 1);        /* off_slot as signed */
			CHECK_INT(o.counts_max, 2);    /* as signed */
			CHECK_INT(o.data_first, 4242); /* .data: the context's, into .data only */
			sealed++;
		}
	}
	CHECK_INT(sealed, 8); /* chain, loadtime, inloader, inloader-noexcl; with and without the flag */

	check_ctx = "common loader (unsigned loads only)";
	cc_attack(info, b->insns, b->insns_sz, b->insns_sha256, TINYSKEL_SCHEME_NONE, NULL, 0, 0, &o);
	report("common loader", &o);
	CHECK_INT(o.err, 0);
	CHECK_INT(o.rodata, CC_EVIL);
	CHECK_INT(o.counts_max, CC_EVIL_MAX);
	/* ... and with BPF_SKEL_KERNEL it reads the user address as kernel memory */
	cc_attack(info, b->insns, b->insns_sz, b->insns_sha256, TINYSKEL_SCHEME_NONE, NULL, 0, 1, &o);
	report("common loader +BPF_SKEL_KERNEL", &o);
	CHECK_INT(o.err, 0);
	CHECK(o.rodata != 1); /* the flag steers it too: the user address read as kernel memory */
	return check_exit();
}
