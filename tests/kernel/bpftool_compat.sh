#!/usr/bin/env bash
# An app written for bpftool's light skeleton compiles unchanged against
# skelgen's header + libtinyskel.a and prints exactly what the bpftool build
# prints (maps, all three global sections, structs and arrays, attach).
set -u
. "$(dirname "$0")/lib.bash"
need_bpf
command -v bpftool >/dev/null || { echo "bpftool not installed"; exit 77; }
d=$src/tests/kernel/compat
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bpftool" "$tmp/ours"
clang -O2 -g -target bpf -I/usr/include/$(gcc -print-multiarch) -I"$d" -c "$d/probe.bpf.c" -o "$tmp/probe.bpf.o" || exit 1
bpftool gen skeleton -L "$tmp/probe.bpf.o" name probe > "$tmp/bpftool/probe.lskel.h" || exit 1
"$skelgen" -o "$tmp/ours/probe.lskel.h" "$tmp/probe.bpf.o" || exit 1
gcc -O2 -I"$tmp/bpftool" -I"$d" "$d/app.c" -o "$tmp/app_bpftool" || { echo "FAIL: app does not build with bpftool's header"; exit 1; }
gcc -std=gnu11 -Wall -Wextra -Werror -O2 -I"$tmp/ours" -I"$d" -I"$src/include" "$d/app.c" "$build/libtinyskel.a" \
	-o "$tmp/app_ours" || { echo "FAIL: app does not build unchanged with skelgen's header"; exit 1; }
"$tmp/app_bpftool" > "$tmp/out_bpftool" 2>&1; rb=$?
"$tmp/app_ours" > "$tmp/out_ours" 2>&1; ro=$?
echo "--- bpftool light skeleton (exit $rb)"; cat "$tmp/out_bpftool"
echo "--- tinyskel (exit $ro)"; cat "$tmp/out_ours"
[ $rb = 0 ] && [ $ro = 0 ] || { echo "FAIL: exit codes"; exit 1; }
grep -q "enter_stats.calls=30" "$tmp/out_ours" || { echo "FAIL: expected 15 samples x 2"; exit 1; }
diff -u "$tmp/out_bpftool" "$tmp/out_ours" || { echo "FAIL: outputs differ"; exit 1; }
echo "identical"
