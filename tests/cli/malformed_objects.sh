#!/usr/bin/env bash
# Malformed objects never crash or hang skelgen: each file of
# fuzz/corpus/object/ (one changed byte in .BTF of the counter example;
# crash-* made libbpf 1.1.2 die with SIGSEGV in bpf_object__open_mem,
# hang-btf-modifier-cycle (VOLATILE -> CONST -> VOLATILE) made skelgen's BTF
# walker loop forever: until btf_c.c bounds its walks, that one costs the
# worker's 60 s timeout) gives exactly one line on stderr, a non-zero exit
# and no output file.
set -u
src=${TINYSKEL_SRC:-.}
skelgen=${SKELGEN:-$src/build/tools/bin/skelgen}
[ -x "$skelgen" ] || { echo "build first (make)"; exit 1; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail=0 n=0
for obj in "$src"/fuzz/corpus/object/*.bpf.o; do
	n=$((n + 1))
	timeout 120 "$skelgen" -o "$t/out.h" "$obj" 2>"$t/err" >"$t/stdout"; rc=$?
	lines=$(wc -l < "$t/err")
	if [ $rc -ne 0 ] && [ $rc -lt 128 ] && [ "$lines" = 1 ] && [ ! -e "$t/out.h" ] && [ ! -s "$t/stdout" ] &&
		grep -q "${obj##*/}: " "$t/err"; then
		echo "ok   ${obj##*/}: $(cat "$t/err")"
	else
		echo "FAIL ${obj##*/}: exit $rc, $lines stderr line(s): $(head -c 300 "$t/err")"; fail=1
	fi
	rm -f "$t/out.h"
done
[ $n -gt 0 ] || { echo "FAIL no objects in fuzz/corpus/object"; fail=1; }
echo "$n objects"
exit $fail
