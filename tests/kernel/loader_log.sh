#!/usr/bin/env bash
# A program the kernel refuses while the loader loads it: the result names
# step "loader" with the kernel's errno, the reason names the program (from
# the header) and where its log is, and the caller's log buffer holds the
# verifier's words about that program.  Then the same without a log level
# ("log only on failure"): the runtime loads once more with the log.
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
grep -q "^err -13 step loader " "$t/out" || { echo "FAIL: expected step loader with -EACCES"; exit 1; }
# the loader's return names the program (tinyskel.h, TINYSKEL_LOADER_PROG_ERR: index 0, EACCES)
grep -q "loader_ret $(( -13 - 4096 ))" "$t/out" || { echo "FAIL: expected the loader to return program 0's encoded EACCES"; exit 1; }
grep -q "^reason: the kernel refused program 'out_of_bounds' that the loader loads: its verifier log is in opts->log_buf$" "$t/out" ||
	{ echo "FAIL: the reason does not name the refused program and where its log is"; exit 1; }
grep -q "^name: out_of_bounds$" "$t/out" || { echo "FAIL: result.name is not the refused program"; exit 1; }
grep -q "metadata check" "$t/out" && { echo "FAIL: the reason still points at signatures"; exit 1; }
grep -q "invalid bpf_context access" "$t/out" || { echo "FAIL: the verifier's reason is not in the log"; exit 1; }
grep -q "ctx log fields after load: 0 0 0" "$t/out" || { echo "FAIL: the skeleton's ctx log fields were not restored"; exit 1; }
"$t/app" nolevel > "$t/out2"; rc=$?
cat "$t/out2"
[ $rc = 1 ] || { echo "FAIL: expected the load to fail (exit 1), got $rc"; exit 1; }
grep -q "^reason: the kernel refused program 'out_of_bounds' that the loader loads: its verifier log is in opts->log_buf$" "$t/out2" ||
	{ echo "FAIL: without a log level (log only on failure) the reason does not say where the log is"; exit 1; }
grep -q "invalid bpf_context access" "$t/out2" || { echo "FAIL: without a log level the verifier's reason is not in the log"; exit 1; }
echo "the loader's failure is named and explained"
