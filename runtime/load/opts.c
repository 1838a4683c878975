/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * opts.c - what a caller may ask of tinyskel_load(), checked before
 * anything else.  Everything here fails closed: a size or value this
 * library does not know is refused, never read as "default", because the
 * default of a development build loads unsigned.
 */
#include <errno.h>

#include "../internal.h"

/* The first (and so far only) version of struct tinyskel_opts ends with
 * force_scheme; a smaller sz cannot carry the policy (libbpf's OPTS_VALID). */
#define OPTS_SZ_V1 (offsetof(struct tinyskel_opts, force_scheme) + sizeof(uint32_t))

/* Bytes a newer caller's struct has past ours must be zero: a field this
 * library does not know cannot be honoured, so it must not be set. */
static int tail_is_zero(const struct tinyskel_opts *user)
{
	const unsigned char *p = (const unsigned char *)user;
	size_t i;

	for (i = sizeof(*user); i < user->sz; i++)
		if (p[i])
			return 0;
	return 1;
}

#ifdef CONFIG_POLICY_LOCKED
/* Higher is stricter; DEFAULT and unknown values never get here. */
static int strictness(uint32_t policy)
{
	switch (policy) {
	case TINYSKEL_POLICY_REQUIRE_SIGNED:
		return 2;
	case TINYSKEL_POLICY_ALLOW_UNSIGNED:
		return 1;
	default:
		return 0;
	}
}

/* The build's policy is a floor: a load may ask for more, never less.
 * A keyring of the caller's choosing is less (the app could trust its own
 * certificate, e.g. in its session keyring), and so is forcing "none".
 * The kernel's .bpf keyring (-9, Linux 7.4) is not of the caller's
 * choosing: sealed at boot, provisioned by the system, and with it in force
 * the kernel itself refuses every user/session keyring; it is accepted
 * wherever the default keyring is. */
int tsk_opts_floor(const struct tinyskel_opts *o, struct tinyskel_result *res)
{
	if (o->policy && strictness(o->policy) < strictness(TSK_DEFAULT_POLICY))
		return tsk_fail(res, TINYSKEL_STEP_POLICY, -EPERM,
				TSK_WHY("policy locked by the build: opts.policy may not weaken it"));
	if (o->force_scheme == TINYSKEL_SCHEME_NONE + 1)
		return tsk_fail(res, TINYSKEL_STEP_POLICY, -EPERM,
				TSK_WHY("policy locked by the build: no forced unsigned load"));
	if (o->use_keyring && o->keyring_id != TSK_DEFAULT_KEYRING && o->keyring_id != TINYSKEL_KEYRING_BPF)
		return tsk_fail(res, TINYSKEL_STEP_POLICY, -EPERM,
				TSK_WHY("policy locked by the build: the keyring may not change"));
	return 0;
}
#else
int tsk_opts_floor(const struct tinyskel_opts *o, struct tinyskel_result *res)
{
	(void)o;
	(void)res;
	return 0;
}
#endif

int tsk_opts_read(const struct tinyskel_opts *user, struct tinyskel_opts *opts, struct tinyskel_result *res)
{
	memset(opts, 0, sizeof(*opts));
	if (!user)
		return 0;
	if (user->sz < OPTS_SZ_V1)
		return tsk_fail(res, TINYSKEL_STEP_VALIDATE, -EINVAL,
				TSK_WHY("opts.sz too small (set it to sizeof(opts))"));
	if (!tail_is_zero(user))
		return tsk_fail(res, TINYSKEL_STEP_VALIDATE, -EINVAL,
				TSK_WHY("opts sets fields this library does not know"));
	memcpy(opts, user, user->sz < sizeof(*opts) ? user->sz : sizeof(*opts));
	if (opts->policy > TINYSKEL_POLICY_UNSIGNED_ONLY)
		return tsk_fail(res, TINYSKEL_STEP_VALIDATE, -EINVAL, TSK_WHY("unknown opts.policy"));
	if (opts->force_scheme > TINYSKEL_SCHEME__COUNT)
		return tsk_fail(res, TINYSKEL_STEP_VALIDATE, -EINVAL, TSK_WHY("unknown opts.force_scheme"));
	if (opts->use_keyring > 1)
		return tsk_fail(res, TINYSKEL_STEP_VALIDATE, -EINVAL, TSK_WHY("opts.use_keyring must be 0 or 1"));
	return tsk_opts_floor(opts, res);
}
