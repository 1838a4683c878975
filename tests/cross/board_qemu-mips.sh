#!/usr/bin/env bash
# make BOARD=qemu-mips check, from the host's make check (see tests/cross/board-check).
exec "$(dirname "$0")/board-check" qemu-mips
