/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * config.h - build configuration of the runtime.
 *
 * The build passes the header generated from Kconfig (tinyskel_config.h,
 * CONFIG_* symbols) with -include.  Building the runtime by hand without it
 * gives these defaults: every scheme, require signatures (locked: no opts
 * can weaken it), builtin keyring.
 */
#ifndef TINYSKEL_CONFIG_H
#define TINYSKEL_CONFIG_H

#ifndef TINYSKEL_HAVE_KCONFIG
#define CONFIG_SCHEME_CHAIN 1
#define CONFIG_SCHEME_LOADTIME 1
#define CONFIG_SCHEME_INLOADER 1
#define CONFIG_POLICY_REQUIRE_SIGNED 1
#define CONFIG_POLICY_LOCKED 1
#define CONFIG_KEYRING_BUILTIN 1
#define CONFIG_LOG_LEVEL 1
#define CONFIG_ERROR_STRINGS 1
#endif

#if defined(CONFIG_KEYRING_SECONDARY)
#define TSK_DEFAULT_KEYRING 1
#elif defined(CONFIG_KEYRING_PLATFORM)
#define TSK_DEFAULT_KEYRING 2
#elif defined(CONFIG_KEYRING_SESSION)
#define TSK_DEFAULT_KEYRING (-3)
#elif defined(CONFIG_KEYRING_USER)
#define TSK_DEFAULT_KEYRING (-4)
#elif defined(CONFIG_KEYRING_BPF)
#define TSK_DEFAULT_KEYRING TINYSKEL_KEYRING_BPF
#elif defined(CONFIG_KEYRING_GUARD)
#define TSK_DEFAULT_KEYRING TINYSKEL_KEYRING_GUARD
#elif defined(CONFIG_KEYRING_CUSTOM)
#define TSK_DEFAULT_KEYRING (CONFIG_KEYRING_CUSTOM_ID)
#else
#define TSK_DEFAULT_KEYRING 0
#endif

/* Kconfig's choice makes them exclusive; a hand-made config must too,
 * or the weaker one would silently win. */
#if defined(CONFIG_POLICY_ALLOW_UNSIGNED) && defined(CONFIG_POLICY_REQUIRE_SIGNED)
#error "both CONFIG_POLICY_ALLOW_UNSIGNED and CONFIG_POLICY_REQUIRE_SIGNED are set: pick one"
#endif

#ifdef CONFIG_POLICY_ALLOW_UNSIGNED
#define TSK_DEFAULT_POLICY TINYSKEL_POLICY_ALLOW_UNSIGNED
#else
#define TSK_DEFAULT_POLICY TINYSKEL_POLICY_REQUIRE_SIGNED
#endif

/* The minimal profile trusts Kconfig about the kernel: it can only name
 * one scheme the kernel verifies. */
#if defined(CONFIG_PROBE_NONE) && \
	(defined(CONFIG_SCHEME_CHAIN) + defined(CONFIG_SCHEME_LOADTIME) + defined(CONFIG_SCHEME_INLOADER)) != 1
#error "CONFIG_PROBE_NONE needs exactly one of CONFIG_SCHEME_CHAIN, _LOADTIME, _INLOADER"
#endif

/* Where the device's BPF guard pins its maps (Kconfig GUARD_DIR). */
#ifndef CONFIG_GUARD_DIR
#define CONFIG_GUARD_DIR "/sys/fs/bpf/tinyskel-guard"
#endif

#ifndef CONFIG_LOG_LEVEL
#define CONFIG_LOG_LEVEL 1
#endif

#endif /* TINYSKEL_CONFIG_H */
