// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The same app source against bpftool's header and skelgen's. */
#include <errno.h> /* bpftool 7.1's skel_internal.h uses errno names without it */
#include <stdio.h>
#include "names.lskel.h"

int main(void)
{
	struct names *s = names__open();

	if (!s)
		return 1;
	s->rodata->verbose = 1;
	s->rodata->targ_tgid = 3;
	printf("EVENTS fd %d, start_t %llu\n", s->maps.EVENTS.map_fd, (unsigned long long)s->bss->start_t);
	names__destroy(s);
	return 0;
}
