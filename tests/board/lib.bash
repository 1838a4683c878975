# tests/board/lib.bash - sourced by tests/board/*.sh (run by `make BOARD=NAME
# check` through tests/run.sh, with BOARD, BUILD, TINYSKEL_SRC, CROSS_COMPILE
# and QEMU_USER in the environment).
set -u
: "${BOARD:?run through make BOARD=NAME check}" "${BUILD:?}" "${TINYSKEL_SRC:?}"
CROSS_COMPILE=${CROSS_COMPILE:-}
EXAMPLES=$(cd "$TINYSKEL_SRC/examples" && for d in */; do [ -f "$d${d%/}.c" ] && echo "${d%/}"; done)

skip() { echo "$*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }

# The target's machine triple (aarch64-linux-gnu, arm-linux-gnueabihf, x86_64-linux-gnu).
target_triple() { "${CROSS_COMPILE}gcc" -dumpmachine; }
