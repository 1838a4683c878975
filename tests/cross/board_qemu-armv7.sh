#!/usr/bin/env bash
# make BOARD=qemu-armv7 check, from the host's make check (see tests/cross/board-check).
exec "$(dirname "$0")/board-check" qemu-armv7
