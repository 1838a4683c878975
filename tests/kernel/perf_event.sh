#!/usr/bin/env bash
# tinyskel_attach_perf_event (runtime/perf/perf_event.c) on this kernel:
# page-fault samples counted exactly (vs getrusage), cpu-clock samples seen.
set -u
. "$(dirname "$0")/lib.bash"
need_bpf
d=$src/tests/kernel/perf
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
clang -O2 -g -target bpf -I/usr/include/$(gcc -print-multiarch) -c "$d/pe.bpf.c" -o "$t/pe.bpf.o" || exit 1
"$skelgen" -o "$t/pe.lskel.h" "$t/pe.bpf.o" || exit 1
gcc -std=gnu11 -Wall -Wextra -Werror -O2 -I"$t" -I"$src/include" "$d/pe_app.c" "$build/libtinyskel.a" -o "$t/app" || exit 1
"$t/app"
