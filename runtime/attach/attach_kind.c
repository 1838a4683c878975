/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* attach_kind.c - is this program one of the kinds an attach function takes. */
#include <errno.h>

#include "../internal.h"

/* Each attach function knows the kinds it attaches and which need a
 * target: 0 if p is one of them, else -EINVAL (see TINYSKEL_ATTACH_CHECK). */
int tsk_attach_kind_ok(const struct tinyskel_prog_info *p, uint32_t kinds, uint32_t need_target)
{
	if (p->attach >= 32 || !(kinds & TSK_KIND(p->attach)) || ((need_target & TSK_KIND(p->attach)) && !p->target))
		return -EINVAL;
	return 0;
}
