/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* close_fd.c - close a skeleton's fd slot (0 means none) and clear it. */
#include "../internal.h"

void tsk_close_fd(int *fd)
{
	if (*fd > 0)
		tsk_sys_close(*fd);
	*fd = 0;
}
