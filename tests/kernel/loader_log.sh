#!/usr/bin/env bash
# A program the kernel refuses while the loader loads it: the result names
# step "loader" with the loader's errno, and the caller's log buffer holds
# the verifier's words about that program.
set -u
. "$(dirname "$0")/lib.bash"
need_bpf
d=$src/tests/kernel/loader_log
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
clang -O2 -g -target bpf -I/usr/include/$(gcc -print-multiarch) -c "$d/bad.bpf.c" -o "$t/bad.bpf.o" || exit 1
"$skelgen" -o "$t/bad.lskel.h" "$t/bad.bpf.o" || exit 1
cc -std=c11 -Wall -Wextra -Werror -I"$t" -I"$src/include" "$d/app.c" "$build/libtinyskel.a" -o "$t/app" || exit 1
"$t/app" > "$t/out"; rc=$?
cat "$t/out"
[ $rc = 1 ] || { echo "FAIL: expected the load to fail (exit 1), got $rc"; exit 1; }
grep -q "step loader loader_ret -13" "$t/out" || { echo "FAIL: expected step loader with -EACCES"; exit 1; }
grep -q "invalid bpf_context access" "$t/out" || { echo "FAIL: the verifier's reason is not in the log"; exit 1; }
grep -q "ctx log fields after load: 0 0 0" "$t/out" || { echo "FAIL: the skeleton's ctx log fields were not restored"; exit 1; }
echo "the loader's failure is named and explained"
