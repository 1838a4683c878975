// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Globals and members named with C++ keywords (valid C, bpftool keeps them):
 * the header must still compile as C++. */
#include "corpus.h"
struct holder { int new; void *private; struct { int this; } class; };
int delete = 1;
struct holder template;
__u64 namespace[2];
TRIGGER(delete++; template.new++; template.class.this++; namespace[1]++)
