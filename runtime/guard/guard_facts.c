/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * guard_facts.c - under the device's BPF guard every unsigned load is
 * refused, the runtime's feature probes included.  The boot-time loader ran
 * the same probes before it attached the guard and recorded the answers in
 * the guard's frozen configuration (tinyskel-guard load): a process started
 * later reads them from there instead of probing.  Same kernel, same boot,
 * same probes: nothing is assumed that was not asked.  Part of the probe
 * cache (probe.c): asked once per process, forgotten by tinyskel_probe_reset.
 */
#include <errno.h>

#include "../internal.h"
#include "tinyskel_guard.h"

static struct tinyskel_guard_facts facts;
static int32_t keyring;
static int state; /* 0 not asked, 1 being written, 2 guard found, 3 no guard */

void tsk_guard_reset(void)
{
	__atomic_store_n(&state, 0, __ATOMIC_RELEASE);
}

/* Errors of this process (not answers): never cached. */
static int transient(int e)
{
	return e == -EMFILE || e == -ENFILE || e == -ENOMEM || e == -EAGAIN || e == -EINTR;
}

/* The two directions of one record: the boot-time loader writes what
 * tinyskel_probe() and tinyskel_probe_layout() answered, a later process
 * reads it back (tests/unit/runtime_guard.c: the round trip is exact). */
void tinyskel_guard_facts_from(struct tinyskel_guard_facts *out, const struct tinyskel_features *f)
{
	unsigned int i;

	memset(out, 0, sizeof(*out));
	out->probed = f->probed;
	out->prog_syscall = f->prog_syscall;
	out->excl_maps = f->excl_maps;
	out->signature_maps = f->signature_maps;
	out->loadtime = f->loadtime;
	out->verify = f->verify;
	out->btf = f->btf;
	out->map_hash_read = f->map_hash_read;
	out->map_excl_word = f->map_excl_word;
	out->layout_probed = 1;
	for (i = 0; i < 5; i++)
		out->probe_err[i] = f->probe_err[i];
	out->layout_err[0] = f->layout_err[0];
	out->layout_err[1] = f->layout_err[1];
}

static void to_features(struct tinyskel_features *f, const struct tinyskel_guard_facts *g)
{
	unsigned int i;

	memset(f, 0, sizeof(*f));
	f->probed = g->probed;
	f->prog_syscall = g->prog_syscall;
	f->excl_maps = g->excl_maps;
	f->signature_maps = g->signature_maps;
	f->loadtime = g->loadtime;
	f->verify = g->verify;
	f->btf = g->btf;
	f->map_hash_read = g->map_hash_read;
	f->map_excl_word = g->map_excl_word;
	for (i = 0; i < 5; i++)
		f->probe_err[i] = g->probe_err[i];
	f->layout_err[0] = g->layout_err[0];
	f->layout_err[1] = g->layout_err[1];
}

static int ask(struct tinyskel_guard_facts *out, int32_t *kr)
{
	struct tinyskel_guard_config cfg;
	int err = tinyskel_guard_read(CONFIG_GUARD_DIR, &cfg, NULL, NULL);

	if (!err && (!cfg.facts.probed || !cfg.facts.layout_probed))
		err = -ENOENT; /* a config without facts cannot stand in for probes */
	if (!err) {
		*out = cfg.facts;
		*kr = cfg.keyring_id;
	}
	return err;
}

static int cached(struct tinyskel_guard_facts *out, int32_t *kr)
{
	struct tinyskel_guard_facts f;
	int32_t k = 0;
	int s = __atomic_load_n(&state, __ATOMIC_ACQUIRE), empty = 0, err;

	if (s == 2) {
		*out = facts;
		*kr = keyring;
		return 0;
	}
	if (s == 3)
		return -ENOENT;
	err = ask(&f, &k);
	if (transient(err))
		return err;
	if (__atomic_compare_exchange_n(&state, &empty, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
		if (!err) {
			facts = f;
			keyring = k;
		}
		__atomic_store_n(&state, err ? 3 : 2, __ATOMIC_RELEASE);
	}
	if (err)
		return -ENOENT;
	*out = f;
	*kr = k;
	return 0;
}

int tsk_guard_facts(struct tinyskel_features *out)
{
	struct tinyskel_guard_facts f;
	int32_t k;
	int err = cached(&f, &k);

	if (!err && out)
		to_features(out, &f);
	return err;
}

int tsk_guard_keyring(int32_t *out)
{
	struct tinyskel_guard_facts f;

	return cached(&f, out);
}
