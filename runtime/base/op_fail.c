/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * op_fail.c - tsk_fail for the after-load helpers (maps, ring buffers,
 * pinning, attach with a target): `res` is optional there, and their
 * reasons are fixed strings naming the op, dropped like the others
 * without error strings.
 */
#include "../internal.h"

int tsk_op_fail(struct tinyskel_result *res, uint32_t step, int err, const char *reason)
{
	if (res) {
		tsk_fail(res, step, err, reason);
		res->scheme = 0;
		res->loader_ret = 0;
		res->log_true_size = 0;
	}
	return err;
}
