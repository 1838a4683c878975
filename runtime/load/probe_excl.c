/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * probe_excl.c - the cached answer to "can maps be exclusive", part of the
 * probe cache (probe.c) but apart from it: every load reads and writes it,
 * a build without probes (CONFIG_PROBE_NONE) too.
 */
#include "../internal.h"

static int excl_known = -1; /* learnt by probes or by the first load */

int tsk_probe_excl_known(void)
{
	return __atomic_load_n(&excl_known, __ATOMIC_RELAXED);
}

void tsk_probe_excl_set(int yes)
{
	__atomic_store_n(&excl_known, yes, __ATOMIC_RELAXED);
}
