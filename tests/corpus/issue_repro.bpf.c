// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Issue 12's six lines: a section of only 4-byte fields followed by another
 * (storage of the second was misaligned, __open() refused it). */
#include "corpus.h"
int hits;
const volatile int factor = 1;
TRIGGER(hits += factor)
