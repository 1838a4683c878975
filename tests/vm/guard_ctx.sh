#!/usr/bin/env bash
# Under the device's BPF guard, a signed loader run by root with a crafted
# context (its own .rodata initial value, its own max_entries) must load only
# the signed bytes (tests/vm/guard_ctx.c), on Debian's 6.18 and 7.3 kernels.
# DEPENDS ON issue 21 item 1, the loader contract (another branch): until a
# signed loader ignores those ctx inputs this test fails, showing the hole;
# tests/tests.mk leaves it out of `make check` until that is merged.
GUARD_STAGE2=/guardctx exec "$(dirname "$0")/guard.sh" "$@"
