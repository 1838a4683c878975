#!/usr/bin/env bash
# make BOARD=rpi4-minimal check, from the host's make check (see tests/cross/board-check).
exec "$(dirname "$0")/board-check" rpi4-minimal
