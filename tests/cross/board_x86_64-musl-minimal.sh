#!/usr/bin/env bash
# make BOARD=x86_64-musl-minimal check, from the host's make check (see tests/cross/board-check).
exec "$(dirname "$0")/board-check" x86_64-musl-minimal
