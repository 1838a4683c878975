/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* attach_tracing.c - fentry/fexit/fmod_ret/tp_btf/lsm programs. */
#include <errno.h>

#include "../internal.h"

/* fentry/fexit/fmod_ret/tp_btf/lsm: the target is in the program's BTF. */
int tinyskel_attach_tracing(const struct tinyskel_prog_info *p, int prog_fd)
{
	int err = tsk_attach_kind_ok(p, TSK_KIND(TINYSKEL_ATTACH_TRACING), 0);

	if (err || prog_fd == TINYSKEL_ATTACH_CHECK)
		return err;
	return tsk_raw_tp_open(NULL, prog_fd);
}
