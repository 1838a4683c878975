/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * reason.c - a fixed reason naming the likely cause of a failed step,
 * given its errno.  The errno to cause mapping of signed loads follows
 * SCHEMES.md.
 */
#include <errno.h>

#include "../internal.h"

#ifdef CONFIG_ERROR_STRINGS
static const char *signed_load_reason(int err)
{
	switch (err) {
	case -EOPNOTSUPP:
		return "kernel cannot verify signatures (CONFIG_SYSTEM_DATA_VERIFICATION is off)";
	case -ENOKEY:
		return "signer's certificate is not in the keyring";
	case -EKEYREJECTED:
		return "signature does not match the loader and metadata (tampered, or signed for another scheme)";
	case -EBADMSG:
		return "malformed signature (PKCS#7 rejected)";
	case -EINVAL:
		return "keyring not found, signature too large, or the verifier refused the loader (see log)";
	case -EPERM:
		return "metadata map not frozen or not exclusive, or no CAP_BPF";
	case -EACCES:
		return "metadata map not bound as the scheme needs (fd_array, exclusive hash) or verifier refused";
	case -E2BIG:
		return "kernel lacks the signing fields this scheme needs";
	default:
		return "kernel refused the signed loader";
	}
}

/* EPERM at program load where the device's BPF guard is pinned: the guard
 * refused it (it runs after the kernel checked the signature, so a signature
 * the kernel rejected has its own errno).  A process that cannot see the
 * guard's pins (not root) gets the CAP_BPF reason. */
static const char *guard_reason(uint32_t scheme)
{
	if (tsk_guard_facts(NULL) != 0)
		return NULL;
	return scheme == TINYSKEL_SCHEME_NONE
		       ? "refused by the device's BPF guard: unsigned BPF programs cannot load on this device"
		       : "refused by the device's BPF guard: signed, but not with the keyring the device trusts "
			 "(use the guard's keyring_id: tinyskel-guard status)";
}

/* The kernel's answers about the keyring itself, not the signature
 * (SCHEMES.md, "Keyrings"): the .bpf keyring (-9) arrived in Linux 7.4;
 * before, the kernel finds no keyring -9 (EINVAL, as for any unknown
 * keyring); empty or unrestricted it gives ENOKEY; with it in force
 * (bpf.keyring_unsealed=1) user and session keyrings get EPERM.  NULL
 * when err is not a keyring answer for this keyring. */
static const char *keyring_reason(int32_t keyring, int err)
{
	if (keyring == TINYSKEL_KEYRING_BPF) {
		if (err == -EINVAL)
			return "keyring: this kernel has no .bpf keyring (KEY_SPEC_BPF_KEYRING, -9, needs Linux 7.4): "
			       "use a keyring it has (0 builtin, 1 secondary, a user/session keyring)";
		if (err == -ENOKEY)
			return "keyring policy: the .bpf keyring (-9) is empty, unrestricted or lacks the signer's "
			       "certificate (boot with bpf.keyring_unsealed=1, then keyctl padd asymmetric \"\" -9)";
	} else if (keyring < 0 || keyring > 2) {
		/* user, session or a serial: refused only by a kernel whose .bpf keyring is in force */
		if (err == -EPERM)
			return "keyring policy: the kernel takes BPF signatures from its .bpf keyring only "
			       "(bpf.keyring_unsealed=1): user and session keyrings are refused; use "
			       "KEY_SPEC_BPF_KEYRING (-9) (before 7.4: map not frozen or not exclusive, or no CAP_BPF)";
	}
	return NULL;
}
#endif

const char *tsk_prog_load_reason(const struct tsk_plan *plan, int err)
{
#ifdef CONFIG_ERROR_STRINGS
	/* The device's guard first: under it a session/user keyring's EPERM
	 * is the guard's keyring rule, not the .bpf keyring's. */
	const char *why = err == -EPERM ? guard_reason(plan->send_sig ? plan->scheme : TINYSKEL_SCHEME_NONE) : NULL;

	if (!why && plan->send_sig)
		why = keyring_reason(plan->keyring_id, err);
	if (why)
		return why;
#endif
	return tsk_reason(TINYSKEL_STEP_PROG_LOAD, plan->scheme, err);
}

const char *tsk_reason(uint32_t step, uint32_t scheme, int err)
{
#ifdef CONFIG_ERROR_STRINGS
	switch (step) {
	case TINYSKEL_STEP_NONE:
		return scheme == TINYSKEL_SCHEME_NONE ? "loaded unsigned" : "loaded with a verified signature";
	case TINYSKEL_STEP_PROBE:
		if (err == -EPERM)
			return "kernel probe refused (EPERM): needs CAP_BPF / root";
		if (err == -EMFILE || err == -ENFILE)
			return "kernel probe failed: too many open files (not cached)";
		if (err == -ENOMEM)
			return "kernel probe failed: out of memory (not cached)";
		return "kernel probe interrupted (not cached)";
	case TINYSKEL_STEP_MAP_CREATE:
		/* These schemes always ask for excl_prog_hash: a kernel before
		 * 6.18 refuses the unknown field (EINVAL on 6.1 and 6.12, measured). */
		if ((err == -EINVAL || err == -E2BIG) &&
		    (scheme == TINYSKEL_SCHEME_LOADTIME || scheme == TINYSKEL_SCHEME_INLOADER))
			return "kernel has no exclusive maps (needs 6.18): this signing scheme needs one";
		if (err == -E2BIG || err == -ENOMEM)
			return "metadata blob too big for this kernel";
		if (err == -EPERM)
			return "cannot create BPF maps (needs CAP_BPF or root)";
		return "cannot create the metadata map";
	case TINYSKEL_STEP_MAP_UPDATE:
		return "cannot write the metadata map";
	case TINYSKEL_STEP_MAP_FREEZE:
		return "cannot freeze the metadata map";
	case TINYSKEL_STEP_MAP_HASH:
		return err == -EPERM ? "metadata map not frozen: kernel will not hash it"
				     : "kernel cannot hash the metadata map (needs 6.18)";
	case TINYSKEL_STEP_PROG_LOAD:
		if (err == -524) /* the kernel's internal ENOTSUPP, from the verifier */
			return "kernel cannot load this loader (ENOTSUPP 524): reads through a map pointer need "
			       "vmlinux BTF (CONFIG_DEBUG_INFO_BTF); see the log";
#ifdef CONFIG_PROBE_NONE
		/* No probe asked: the kernel may not be the one Kconfig names. */
		if (scheme != TINYSKEL_SCHEME_NONE && err == -E2BIG)
			return "kernel refused the signed loader: CONFIG_PROBE_NONE trusted Kconfig that this kernel "
			       "verifies the one scheme built in (is it the kernel the build names?)";
#endif
		if (err == -EPERM && guard_reason(scheme))
			return guard_reason(scheme);
		if (scheme != TINYSKEL_SCHEME_NONE)
			return signed_load_reason(err);
		if (err == -EPERM)
			return "cannot load BPF programs (needs CAP_BPF/CAP_SYS_ADMIN)";
		if (err == -EINVAL)
			return "kernel refused the loader (no BPF_PROG_TYPE_SYSCALL before 5.14, or verifier: see log)";
		return "kernel refused the loader program";
	case TINYSKEL_STEP_PROG_RUN:
		return "cannot run the loader program";
	case TINYSKEL_STEP_LOADER:
		if (err == -524) /* the kernel's internal ENOTSUPP */
			return "the loader failed with ENOTSUPP (524): the kernel's BPF JIT cannot compile a program "
			       "(e.g. BPF atomics on the 6.1 32-bit ARM JIT); try bpf_jit_enable=0";
		/* Program refusals and tampering have their own reasons
		 * (load/loader_ret.c): what is left is a map, BTF or
		 * global-data step of the loader. */
		return "the loader failed: the kernel refused a map or BTF the loader creates, fills or freezes";
	case TINYSKEL_STEP_MMAP:
		return "cannot map global data";
	case TINYSKEL_STEP_ATTACH:
		return "cannot attach program";
	default:
		return tinyskel_step_name(step);
	}
#else
	(void)scheme;
	(void)err;
	return tinyskel_step_name(step);
#endif
}
