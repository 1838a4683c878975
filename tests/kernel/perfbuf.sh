#!/usr/bin/env bash
# tinyskel_perfbuf_* (runtime/perf/perfbuf.c) on this kernel: exact sample
# counts, and every sample the kernel dropped counted (tests/kernel/perf/pb_app.c).
set -u
. "$(dirname "$0")/lib.bash"
need_bpf
[ "$(uname -m)" = x86_64 ] || { echo "pb.bpf.c filters on x86-64's getppid number"; exit 77; }
d=$src/tests/kernel/perf
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
clang -O2 -g -target bpf -I/usr/include/$(gcc -print-multiarch) -c "$d/pb.bpf.c" -o "$t/pb.bpf.o" || exit 1
"$skelgen" -o "$t/pb.lskel.h" "$t/pb.bpf.o" || exit 1
gcc -std=gnu11 -Wall -Wextra -Werror -O2 -I"$t" -I"$src/include" "$d/pb_app.c" "$build/libtinyskel.a" -o "$t/app" || exit 1
"$t/app"
