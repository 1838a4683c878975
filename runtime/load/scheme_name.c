/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* scheme_name.c - the name of each signing scheme. */
#include "../internal.h"

static const char *const scheme_names[TINYSKEL_SCHEME__COUNT] = {
	"none", "inloader", "loadtime", "chain",
};

const char *tinyskel_scheme_name(uint32_t scheme)
{
	return scheme < TINYSKEL_SCHEME__COUNT ? scheme_names[scheme] : "?";
}
