/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* possible_stdio.h - the possible-CPU count read with stdio and parsed
 * here, independently of the runtime: the oracle its tests compare with. */
#ifndef TSK_POSSIBLE_STDIO_H
#define TSK_POSSIBLE_STDIO_H

#include <stdio.h>

static inline int possible_cpus_stdio(const char *path)
{
	FILE *f = fopen(path, "r");
	int lo, hi, n = 0, c;

	if (!f)
		return -1;
	while (fscanf(f, "%d", &lo) == 1) {
		hi = lo;
		if ((c = fgetc(f)) == '-') {
			if (fscanf(f, "%d", &hi) != 1)
				break;
			c = fgetc(f);
		}
		n += hi - lo + 1;
		if (c != ',')
			break;
	}
	fclose(f);
	return n;
}

#endif
