#!/usr/bin/env bash
# `skelgen -S` signs for every scheme a kernel of today verifies (chain,
# loadtime and 6.18's inloader: without it no 6.18 LTS kernel verifies a -S
# header; inloader is signed twice, one variant per 6.18.y bpf_map layout);
# `--scheme LIST` narrows -S to LIST; -M is chain only.
set -u
src=${TINYSKEL_SRC:-.}
build=${BUILD:-$src/build/host}
skelgen=${SKELGEN:-$src/build/tools/bin/skelgen}
keys=$src/tests/fixtures/keys
obj=$build/examples/counter/counter.bpf.o
[ -e "$obj" ] || { echo "missing $obj (make first)"; exit 1; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail=0
check() { # check "ARGS" "expected signature line"
	local got
	# shellcheck disable=SC2086
	"$skelgen" -k "$keys/rsa2048.key.pem" -i "$keys/rsa2048.crt.pem" $1 -o "$t/h.h" "$obj" || { echo "FAIL $1: exit $?"; fail=1; return; }
	got=$(sed -n 's/^ \* signatures: //p' "$t/h.h" | sed 's/ ([0-9]* bytes)//g')
	if [ "$got" = "$2" ]; then
		echo "ok   $1: $got"
	else
		echo "FAIL $1: expected '$2', got '$got'"; fail=1
	fi
}
check "-S" "chain loadtime inloader inloader_noexcl"
check "-S --scheme loadtime" "loadtime"
check "--scheme inloader,chain -S" "chain inloader inloader_noexcl"
check "-M" "chain"
exit $fail
