/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* btf_names.h - the BTF names of global data are fit for the header. */
#ifndef SKELGEN_BTF_NAMES_H
#define SKELGEN_BTF_NAMES_H

#include <stddef.h>
#include <stdio.h>

#include "model.h"

/* 0, or -1 with err naming the first name reachable from a global data
 * view that is not a C identifier or is a C/C++ keyword. */
int sg_check_btf_names(const struct sg_object *o, char *err, size_t errlen);

#endif /* SKELGEN_BTF_NAMES_H */
