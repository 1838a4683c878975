#!/usr/bin/env bash
# Names third-party programs use (a map called EVENTS, a global start_t, a
# program tsk_exit, vmlinux.h's `bool` typedef) go through skelgen and the
# header compiles with gcc, g++, clang and clang++; the same app source
# builds against bpftool's header too.  A rule by the shape of a name
# (all capitals, *_t) refused these once; the library's macros are refused
# by their exact names instead (skelgen/gen/lskel_macros.inc).
set -u
src=${TINYSKEL_SRC:-.}
skelgen=${SKELGEN:-$src/build/tools/bin/skelgen}
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
[ -r /sys/kernel/btf/vmlinux ] || { echo "skip: no /sys/kernel/btf/vmlinux to make vmlinux.h from"; exit 77; }
bpftool btf dump file /sys/kernel/btf/vmlinux format c > "$t/vmlinux.h" || exit 1
clang -O2 -g -target bpf -I"$t" -c "$src/tests/cli/names/names.bpf.c" -o "$t/names.bpf.o" || exit 1
fail=0
mkdir -p "$t/ours" "$t/bpftool"
"$skelgen" -o "$t/ours/names.lskel.h" "$t/names.bpf.o" || { echo "FAIL skelgen refused the object"; exit 1; }
bpftool gen skeleton -L "$t/names.bpf.o" name names > "$t/bpftool/names.lskel.h" 2>/dev/null || rm -f "$t/bpftool/names.lskel.h"
for cc in gcc g++ clang clang++; do
	case $cc in *++) lang=c++ ;; *) lang=c ;; esac
	if $cc -Wall -Wextra -Werror -I"$src/include" -I"$t/ours" -x $lang -c "$src/tests/cli/names/app.c" -o "$t/a.o" 2>"$t/err"; then
		echo "ok   ours with $cc"
	else
		echo "FAIL ours with $cc:"; head -n 10 "$t/err"; fail=1
	fi
done
if [ -e "$t/bpftool/names.lskel.h" ]; then
	gcc -Wall -Wextra -Werror -I"$t/bpftool" -c "$src/tests/cli/names/app.c" -o "$t/b.o" 2>"$t/err" &&
		echo "ok   the same app against bpftool's header" ||
		{ echo "note: bpftool's header does not build this app:"; head -n 5 "$t/err"; }
fi
exit $fail
