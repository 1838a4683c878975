#!/usr/bin/env bash
# skelgen's own BTF walks are bounded (issue 11 item 18): a modifier cycle
# in .BTF looped forever in skip_mods, nesting recursed without bound.  A
# variable name that is not a C identifier is refused too.  Each
# case must end within seconds with a one-line error, non-zero exit and no
# header; the unmutated seed must still give a header.
set -u
src=${TINYSKEL_SRC:-.}
skelgen=${SKELGEN:-$src/build/tools/bin/skelgen}
command -v clang >/dev/null || { echo "clang not installed"; exit 77; }
command -v python3 >/dev/null || { echo "python3 not installed"; exit 77; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
ma=$(gcc -print-multiarch)
fail=0
cc() { clang -O2 -g -target bpf -I/usr/include/$ma "$@"; }
cc -c "$src/tests/cli/btf_cycle.bpf.c" -o "$t/seed.o" || exit 1
python3 "$src/tests/cli/btf_mutate.py" "$t/seed.o" "$t/cycle.o" cycle || exit 1
python3 "$src/tests/cli/btf_mutate.py" "$t/seed.o" "$t/self.o" self || exit 1
python3 "$src/tests/cli/btf_mutate.py" "$t/seed.o" "$t/name.o" name || exit 1
# nesting: 60 levels is C a real program could have (a header), 400 is not
deep() { # deep N OUT
	{ echo '#include <linux/bpf.h>'; echo '#include <bpf/bpf_helpers.h>'; echo 'struct n0 { int x; };'
	  for i in $(seq 1 "$1"); do echo "struct n$i { struct n$((i - 1)) a; };"; done
	  echo "struct n$1 deep; SEC(\"raw_tp/sys_enter\") int p(void *c) { return 0; }"
	  echo 'char LICENSE[] SEC("license") = "GPL";'; } > "$t/d$1.bpf.c"
	cc -c "$t/d$1.bpf.c" -o "$2"
}
deep 60 "$t/d60.o" && deep 400 "$t/deep.o" || exit 1
for ok in seed d60; do
	"$skelgen" -o "$t/$ok.h" "$t/$ok.o" || { echo "FAIL: $ok refused"; fail=1; }
	gcc -std=c11 -Wall -Wextra -Werror -I"$src/include" -fsyntax-only -x c "$t/$ok.h" || { echo "FAIL: $ok.h"; fail=1; }
done
for c in cycle self deep name; do
	timeout 20 "$skelgen" -o "$t/$c.h" "$t/$c.o" 2>"$t/err"
	rc=$?
	if [ $rc = 124 ]; then
		echo "FAIL $c: skelgen still running after 20 s"; fail=1
	elif [ $rc = 0 ] || [ $rc -ge 128 ]; then
		echo "FAIL $c: exit $rc"; fail=1
	elif [ "$(wc -l < "$t/err")" != 1 ] || [ -e "$t/$c.h" ]; then
		echo "FAIL $c: expected one line and no header, got:"; cat "$t/err"; fail=1
	else
		echo "ok   $c: $(cat "$t/err")"
	fi
done
exit $fail
