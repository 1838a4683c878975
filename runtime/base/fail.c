/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * fail.c - the one place a failure becomes what the caller reads: step,
 * errno and a reason (reason.c; with CONFIG_ERROR_STRINGS off the step's
 * name, and reason.c's table is not built).
 */
#include "../internal.h"

int tsk_fail(struct tinyskel_result *res, uint32_t step, int err, const char *reason)
{
	res->err = err;
	res->step = step;
#ifdef CONFIG_ERROR_STRINGS
	res->reason = reason;
#else
	(void)reason;
	res->reason = tinyskel_step_name(step);
#endif
	return err;
}
