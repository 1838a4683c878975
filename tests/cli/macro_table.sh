#!/usr/bin/env bash
# skelgen/gen/lskel_macros.inc (the macros skelgen refuses as names) holds every
# object-like macro this machine's compilers and headers give a generated
# header: scripts/lskel-macros.sh run here must find nothing missing.  After
# a toolchain or header update, regenerate:
#   scripts/lskel-macros.sh > skelgen/gen/lskel_macros.inc
set -u
src=${TINYSKEL_SRC:-.}
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
bash "$src/scripts/lskel-macros.sh" | grep '^"' > "$t/now" || exit 1
grep '^"' "$src/skelgen/gen/lskel_macros.inc" > "$t/committed"
missing=$(LC_ALL=C comm -13 "$t/committed" "$t/now")
[ "$(wc -l < "$t/now")" -gt 1000 ] || { echo "FAIL: only $(wc -l < "$t/now") macros found: the script is broken"; exit 1; }
LC_ALL=C sort -c "$t/committed" || { echo "FAIL: the table is not sorted (skelgen bsearches it)"; exit 1; }
if [ -n "$missing" ]; then
	echo "FAIL: macros missing from skelgen/gen/lskel_macros.inc: $(echo $missing | head -c 300)"
	exit 1
fi
echo "ok   $(wc -l < "$t/committed") macros, none missing"
