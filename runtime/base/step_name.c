/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* step_name.c - the name of each load step (also the reason when error strings are off). */
#include "../internal.h"

static const char *const step_names[TINYSKEL_STEP__COUNT] = {
	"none", "validate", "probe", "policy", "map create", "map update", "map freeze",
	"map hash", "program load", "program run", "loader", "mmap", "attach",
	"ring buffer", "pin",
};

const char *tinyskel_step_name(uint32_t step)
{
	return step < TINYSKEL_STEP__COUNT ? step_names[step] : "?";
}
