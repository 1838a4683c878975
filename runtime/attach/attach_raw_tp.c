/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* attach_raw_tp.c - raw_tp/ and raw_tracepoint/ programs. */
#include <errno.h>

#include "../internal.h"

int tinyskel_attach_raw_tp(const struct tinyskel_prog_info *p, int prog_fd)
{
	int err = tsk_attach_kind_ok(p, TSK_KIND(TINYSKEL_ATTACH_RAW_TP), TSK_KIND(TINYSKEL_ATTACH_RAW_TP));

	if (err || prog_fd == TINYSKEL_ATTACH_CHECK)
		return err;
	return tsk_raw_tp_open(p->target, prog_fd);
}
