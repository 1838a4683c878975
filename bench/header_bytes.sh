#!/usr/bin/env bash
# bench/header_bytes.sh [O] - what a header costs in a firmware image: the
# read-only bytes (.rodata* + .data.rel.ro*) of a translation unit that
# includes only the header and keeps its load path (x86_64 musl, -Os), per
# signing scheme, next to bpftool's light skeleton.  The installed bpftool
# (7.1) has no -S: its signed header is counted as bpftool -L plus one
# signature of the same key (RSA-2048, the signature skelgen writes).
# No root needed.  REF_SKELGEN=path adds a column for another skelgen
# (e.g. an older build) signing for every scheme, compiled against its own
# tree's include/ (REF_INCLUDE).  Prints a markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
O=${1:-build/host}
B=$PWD/$O/bench/hbytes
SKELGEN=${SKELGEN:-$PWD/build/tools/bin/skelgen}
REF=${REF_SKELGEN:-}
# its tinyskel.h: the include/ of the tree it was built in (build/tools/bin/skelgen)
REF_INCLUDE=${REF_INCLUDE:-${REF:+$(dirname "$REF")/../../../include}}
KEYS=$PWD/tests/fixtures/keys
SIGN=(-k "$KEYS/rsa2048.key.pem" -i "$KEYS/rsa2048.crt.pem")
ma=$(gcc -print-multiarch)
rm -rf "$B"; mkdir -p "$B"
BPF_CFLAGS=(-O2 -g -target bpf "-I/usr/include/$ma" -Iexamples/include)
for n in counter tpcount; do clang "${BPF_CFLAGS[@]}" -c "examples/$n/$n.bpf.c" -o "$B/$n.bpf.o"; done
clang "${BPF_CFLAGS[@]}" -c bench/big.bpf.c -o "$B/big.bpf.o"
objs=(counter tpcount big)
# The corpus (tests/corpus: one object per feature class, as real tools
# write them); its __kconfig externs take a device's values.
printf 'CONFIG_HZ=250\nCONFIG_ARCH_HAS_SYSCALL_WRAPPER=y\n' > "$B/device.config"
DEV=(--kconfig "$B/device.config" --kernel-arch x86_64 --kernel-version 6.18.0)
for f in tests/corpus/*.bpf.c; do
	n=$(basename "$f" .bpf.c)
	clang -O2 -g -target bpf "-I/usr/include/$ma" -Itests/corpus -c "$f" -o "$B/$n.bpf.o" && objs+=("$n")
done

robytes() { size -A "$1" | awk '$1 ~ /^\.rodata|^\.data\.rel\.ro/ {s+=$2} END{print s+0}'; }
ro() { # NAME KIND HEADER [INCLUDE]: ro bytes of a TU keeping the header's load path
	local f=$B/$1.$2.c inc=${4:-include}
	if [ "$2" = bt ]; then
		printf '#include <errno.h>\n#include "%s"\nint keep(void);\nint keep(void) { return %s__open_and_load() != 0; }\n' "$3" "$1" > "$f"
	else
		printf '#include "%s"\nconst void *keep(void);\nconst void *keep(void) { return %s__info(); }\n' "$3" "$1" > "$f"
	fi
	# a corpus object's app defines the named types its globals use first
	local pre=() ty=tests/corpus/${1}.types.h
	[ -f "$ty" ] && pre=(-include "$PWD/$ty")
	musl-gcc -std=c11 -Wall -Wextra -Werror -Os -I"$inc" -idirafter /usr/include -idirafter "/usr/include/$ma" \
		"${pre[@]}" -c "$f" -o "${f%.c}.o"
	robytes "${f%.c}.o"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2fx", a/b}'; }

printf '| object | bpftool -L | + 1 signature | skelgen unsigned | chain | loadtime | inloader (2 variants) | -S (all) | -S / bpftool+sig |%s\n' \
	"${REF:+ -S before |}"
printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|%s\n' "${REF:+---:|}"
worst=0 rows=0
for n in "${objs[@]}"; do
	o=$B/$n.bpf.o
	# an object bpftool makes no light skeleton for has nothing to compare
	bpftool gen skeleton -L "$o" name "$n" > "$B/$n.bt.h" 2>/dev/null || continue
	"$SKELGEN" -n "$n" "${DEV[@]}" -o "$B/$n.ts.h" "$o"
	for s in chain loadtime inloader; do "$SKELGEN" -n "$n" "${DEV[@]}" "${SIGN[@]}" --scheme $s -o "$B/$n.$s.h" "$o"; done
	"$SKELGEN" -n "$n" "${DEV[@]}" "${SIGN[@]}" -S -o "$B/$n.S.h" "$o"
	sig=$(awk '/^ \* signatures:/{print substr($4,2)}' "$B/$n.chain.h")
	bt=$(ro "$n" bt "$B/$n.bt.h")
	row="| $n | $bt | $((bt + sig)) | $(ro "$n" ts "$B/$n.ts.h")"
	for s in chain loadtime inloader; do row="$row | $(ro "$n" $s "$B/$n.$s.h")"; done
	S=$(ro "$n" S "$B/$n.S.h")
	row="$row | $S | $(ratio "$S" $((bt + sig))) |"
	worst=$(awk -v w="$worst" -v a="$S" -v b=$((bt + sig)) 'BEGIN{r=a/b; print (r > w ? r : w)}')
	if [ -n "$REF" ]; then
		"$REF" -n "$n" "${DEV[@]}" "${SIGN[@]}" -S -o "$B/$n.ref.h" "$o"
		row="$row $(ro "$n" ref "$B/$n.ref.h" "$REF_INCLUDE") |"
	fi
	echo "$row"
	rows=$((rows + 1))
done
printf '\nlargest -S / (bpftool -L + 1 signature): %.2fx over %d objects\n' "$worst" "$rows"
