/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * scheme.c - choose how to load: the strongest signing scheme that the
 * header carries, the runtime was built with and the kernel verifies;
 * otherwise an unsigned load, but only where the policy allows it.
 */
#include <errno.h>

#include "../internal.h"

static int compiled_in(uint32_t scheme)
{
	switch (scheme) {
#ifdef CONFIG_SCHEME_CHAIN
	case TINYSKEL_SCHEME_CHAIN:
		return 1;
#endif
#ifdef CONFIG_SCHEME_LOADTIME
	case TINYSKEL_SCHEME_LOADTIME:
		return 1;
#endif
#ifdef CONFIG_SCHEME_INLOADER
	case TINYSKEL_SCHEME_INLOADER:
		return 1;
#endif
	default:
		return 0;
	}
}

static int kernel_verifies(const struct tinyskel_features *f, uint32_t scheme)
{
	if (!f->verify)
		return 0;
	switch (scheme) {
	case TINYSKEL_SCHEME_CHAIN:
		return f->signature_maps;
	case TINYSKEL_SCHEME_LOADTIME:
		return f->loadtime;
	case TINYSKEL_SCHEME_INLOADER:
		return !f->loadtime && f->excl_maps;
	default:
		return 0;
	}
}

#ifdef CONFIG_PROBE_NONE
/* The minimal profile: the kernel is the one Kconfig names, verifying the
 * one scheme built in (config.h refuses more than one).  No probe runs; a
 * kernel that is not that one refuses the signed load itself (an old
 * kernel rejects the signature fields it does not know, one without
 * CONFIG_SYSTEM_DATA_VERIFICATION says EOPNOTSUPP): never an unverified
 * load under a policy that requires a signature.  The in-loader variant
 * is still chosen by its layout probe (inloader_sig). */
static int kernel_features(struct tinyskel_features *f)
{
	memset(f, 0, sizeof(*f));
	f->prog_syscall = 1;
	f->verify = 1;
#ifdef CONFIG_SCHEME_CHAIN
	f->signature_maps = 1;
#endif
#ifdef CONFIG_SCHEME_LOADTIME
	f->loadtime = 1;
#endif
	f->excl_maps = !f->signature_maps;
	f->probed = 1;
	return 0;
}
#else
#define kernel_features tinyskel_probe
#endif

static const struct tinyskel_signature *find_variant(const struct tinyskel_blob *blob, uint32_t scheme,
						     uint32_t flags)
{
	uint32_t i;

	for (i = 0; i < blob->nr_sigs; i++)
		if (blob->sigs[i].scheme == scheme && (blob->sigs[i].flags & TINYSKEL_SIG_INLOADER_NO_EXCL) == flags)
			return &blob->sigs[i];
	return NULL;
}

static const struct tinyskel_signature *find_sig(const struct tinyskel_blob *blob, uint32_t scheme)
{
	return find_variant(blob, scheme, 0);
}

/* The in-loader entry this kernel's verifier accepts (probe_layout.c), or
 * NULL with the reason: never send a variant the kernel cannot verify. */
static const struct tinyskel_signature *inloader_sig(const struct tinyskel_blob *blob,
						     struct tinyskel_features *f, const char **why)
{
	const struct tinyskel_signature *sig;
	uint32_t flags = 0;

	if (!find_sig(blob, TINYSKEL_SCHEME_INLOADER) &&
	    !find_variant(blob, TINYSKEL_SCHEME_INLOADER, TINYSKEL_SIG_INLOADER_NO_EXCL))
		return NULL;
	tinyskel_probe_layout(f);
	if (tsk_inloader_variant(f, &flags, why))
		return NULL;
	sig = find_variant(blob, TINYSKEL_SCHEME_INLOADER, flags);
	if (!sig)
		*why = flags ? TSK_WHY("header has no in-loader variant for this kernel's early 6.18.y bpf_map layout "
				       "(regenerate it with this skelgen)")
			     : TSK_WHY("header has no in-loader variant with the exclusivity check this kernel supports");
	return sig;
}

static void use(struct tsk_plan *plan, const struct tinyskel_blob *blob,
		const struct tinyskel_signature *sig, uint32_t scheme)
{
	plan->scheme = scheme;
	plan->sig = sig;
	plan->send_sig = sig != NULL;
	plan->sig_der = sig && !sig->sig_shared ? sig->sig : NULL; /* NULL: tinyskel_load assembles it */
	plan->insns = blob->insns;
	plan->insns_sz = blob->insns_sz;
	plan->insns_sha256 = blob->insns_sha256;
	/* The in-loader variant is its own program, also when loaded unsigned. */
	if (sig && (sig->insns || sig->nr_edits || (sig->flags & TINYSKEL_SIG_HASH_CHECK))) {
		plan->insns = sig->insns; /* NULL: tinyskel_load rebuilds it */
		plan->insns_sz = sig->insns_sz;
		plan->insns_sha256 = sig->insns_sha256;
	}
}

static int plan_scheme(const struct tinyskel_blob *blob, const struct tinyskel_opts *opts,
		       struct tinyskel_result *res, struct tsk_plan *plan)
{
	static const uint32_t strongest_first[] = {
		TINYSKEL_SCHEME_CHAIN, TINYSKEL_SCHEME_LOADTIME, TINYSKEL_SCHEME_INLOADER,
	};
	struct tinyskel_features f;
	uint32_t policy = opts->policy ? opts->policy : (uint32_t)TSK_DEFAULT_POLICY;
	const struct tinyskel_signature *sig;
	uint32_t i;
	int err;

	memset(plan, 0, sizeof(*plan));
	memset(&f, 0, sizeof(f));
	plan->keyring_id = opts->use_keyring ? opts->keyring_id : TSK_DEFAULT_KEYRING;
	use(plan, blob, NULL, TINYSKEL_SCHEME_NONE);

	if (opts->force_scheme) {
		uint32_t s = opts->force_scheme - 1;

		sig = find_sig(blob, s);
		if (s == TINYSKEL_SCHEME_INLOADER && compiled_in(s)) {
			const char *why = NULL;

			sig = inloader_sig(blob, &f, &why);
			if (!sig && why)
				return tsk_fail(res, TINYSKEL_STEP_PROBE, -EOPNOTSUPP, why);
		}
		if (s != TINYSKEL_SCHEME_NONE && (!sig || !compiled_in(s)))
			return tsk_fail(res, TINYSKEL_STEP_POLICY, -ENOENT,
					TSK_WHY("forced scheme not in this header or not built in"));
		if (s == TINYSKEL_SCHEME_NONE && policy == TINYSKEL_POLICY_REQUIRE_SIGNED)
			return tsk_fail(res, TINYSKEL_STEP_POLICY, -EPERM,
					TSK_WHY("policy requires a verified signature; unsigned load forced"));
		use(plan, blob, sig, s);
		/* Unsigned-only with a forced scheme runs that scheme's steps and
		 * instructions without the signature: how the in-loader check is
		 * proven on a kernel that cannot verify. */
		if (policy == TINYSKEL_POLICY_UNSIGNED_ONLY)
			plan->send_sig = 0;
		return 0;
	}
	if (policy == TINYSKEL_POLICY_UNSIGNED_ONLY)
		return 0;
	if (blob->nr_sigs == 0) {
		if (policy == TINYSKEL_POLICY_REQUIRE_SIGNED)
			return tsk_fail(res, TINYSKEL_STEP_POLICY, -EPERM,
					TSK_WHY("policy requires a verified signature; header is unsigned"));
		return 0;
	}

	/* A probe that failed for a reason of this process (no fd, no
	 * memory, no CAP_BPF) is no answer about the kernel: stop here. */
	err = kernel_features(&f);
	if (!f.probed)
		return tsk_fail(res, TINYSKEL_STEP_PROBE, err, tsk_reason(TINYSKEL_STEP_PROBE, 0, err));
	for (i = 0; i < sizeof(strongest_first) / sizeof(strongest_first[0]); i++) {
		uint32_t s = strongest_first[i];

		if (!compiled_in(s) || !kernel_verifies(&f, s))
			continue;
		sig = s == TINYSKEL_SCHEME_INLOADER ? inloader_sig(blob, &f, &plan->skipped) : find_sig(blob, s);
		if (sig) {
			use(plan, blob, sig, s);
			return 0;
		}
	}
	if (policy == TINYSKEL_POLICY_ALLOW_UNSIGNED) {
		plan->unsigned_fallback = 1;
		return 0;
	}
	if (!f.verify)
		return tsk_fail(res, TINYSKEL_STEP_POLICY, -EOPNOTSUPP,
				TSK_WHY("kernel cannot verify signatures (no CONFIG_SYSTEM_DATA_VERIFICATION, or older than 6.18); policy requires one"));
	if (plan->skipped)
		return tsk_fail(res, TINYSKEL_STEP_POLICY, -EOPNOTSUPP, plan->skipped);
	return tsk_fail(res, TINYSKEL_STEP_POLICY, -EOPNOTSUPP,
			TSK_WHY("kernel verifies no scheme this header was signed for (or it is not built in); policy requires one"));
}

int tsk_plan_load(const struct tinyskel_blob *blob, const struct tinyskel_opts *opts,
		  struct tinyskel_result *res, struct tsk_plan *plan)
{
	int err = plan_scheme(blob, opts, res, plan);

#if !defined(CONFIG_PROBE_NONE) || defined(CONFIG_KEYRING_GUARD)
	/* "The device guard's keyring": its serial is known only at boot,
	 * so it is read from the guard's pins when a signature is sent. */
	if (!err && plan->send_sig && plan->keyring_id == TINYSKEL_KEYRING_GUARD &&
	    tsk_guard_keyring(&plan->keyring_id))
		return tsk_fail(res, TINYSKEL_STEP_POLICY, -ENOENT,
				TSK_WHY("keyring: the device's BPF guard's, but no guard is pinned (CONFIG_GUARD_DIR)"));
#endif
	return err;
}
