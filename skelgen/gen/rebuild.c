/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* rebuild.c - the runtime's own rebuild of a header's compact forms
 * (runtime/load/rebuild.c), compiled into skelgen: one definition on both
 * sides, so skelgen emits a compact form only when the code the device runs
 * gives back exactly the signed bytes (gen/compact.c). */
#include "../../runtime/load/rebuild.c"
