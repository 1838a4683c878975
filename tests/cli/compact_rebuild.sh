#!/usr/bin/env bash
# A header's compact forms give back exactly the bytes that were signed, for
# every project object (examples, bench, corpus): the metadata value with its
# zero runs put back, and each signature's own loader (the sealed one chain
# and loadtime share, the in-loader variants built on it) rebuilt from the
# common loader plus its edits, by the runtime's own functions
# (tinyskel_data_read, tinyskel_insns_rebuild).  Compared with skelgen's
# --emit-tbs bytes (the content it signs), with the header's SHA-256 of each
# variant, and, when REF_SKELGEN names another skelgen (e.g. main's, which
# stores every byte in full), with that one's signed bytes too (chain,
# loadtime, inloader, inloader-noexcl: 4 per object and skelgen).
set -u
src=${TINYSKEL_SRC:-.}
build=${BUILD:-$src/build/host}
skelgen=${SKELGEN:-$src/build/tools/bin/skelgen}
ref=${REF_SKELGEN:-}
keys=$src/tests/fixtures/keys
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
ma=$(gcc -print-multiarch)
fail=0 n=0

objs=()
for o in "$build"/examples/*/*.bpf.o; do [ -e "$o" ] && objs+=("$o"); done
for f in "$src"/bench/*.bpf.c "$src"/tests/corpus/*.bpf.c; do
	b=$(basename "$f" .bpf.c)
	d=$(dirname "$f")
	if clang -O2 -g -target bpf -I/usr/include/$ma -I"$d" -c "$f" -o "$t/$b.bpf.o" 2>"$t/err"; then
		objs+=("$t/$b.bpf.o")
	else
		echo "FAIL: cannot compile $f:"; head -5 "$t/err"; fail=1
	fi
done
[ ${#objs[@]} -gt 0 ] || { echo "no objects (make first)"; exit 1; }

# __kconfig externs take the device kernel's values: a fixed one here
printf 'CONFIG_HZ=250\n' > "$t/kernel.config"
for o in "${objs[@]}"; do
	name=$(basename "$o" .bpf.o)
	d=$t/$name; mkdir -p "$d/tbs" "$d/ref" "$d/out"
	kc=(--kconfig "$t/kernel.config" --kernel-version 6.18.0)
	if ! "$skelgen" "${kc[@]}" -S -k "$keys/rsa2048.key.pem" -i "$keys/rsa2048.crt.pem" -n "$name" -o "$d/h.h" "$o" 2>"$d/err"; then
		echo "FAIL $name: skelgen: $(cat "$d/err")"; fail=1; continue
	fi
	"$skelgen" "${kc[@]}" -S -n "$name" --emit-tbs "$d/tbs" "$o" || { echo "FAIL $name: --emit-tbs"; fail=1; continue; }
	if ! gcc -std=c11 -Wall -Wextra -Werror -I"$src/include" -DHDR="\"$d/h.h\"" -DNAME="$name" \
		"$src/tests/cli/compact_check.c" "$build/libtinyskel.a" -o "$d/check" 2>"$d/err"; then
		echo "FAIL $name: check program:"; head -10 "$d/err"; fail=1; continue
	fi
	"$d/check" "$d/out" || { echo "FAIL $name: rebuild"; fail=1; continue; }
	# what each scheme signs, from the rebuilt bytes (skelgen/sign/content.c):
	# loadtime its loader then the value; chain SHA-256(SHA-256(loader) ||
	# SHA-256(value)); in-loader its variant
	cat "$d/out/loadtime.insns" "$d/out/data.bin" > "$d/out/loadtime.bin"
	hx=$(sha256sum < "$d/out/chain.insns" | cut -c1-64)$(sha256sum < "$d/out/data.bin" | cut -c1-64)
	hx=$(printf "$(sed 's/../\\x&/g' <<< "$hx")" | sha256sum | cut -c1-64)
	printf "$(sed 's/../\\x&/g' <<< "$hx")" > "$d/out/chain.bin"
	cp "$d/out/inloader.insns" "$d/out/inloader.bin"
	cp "$d/out/inloader-noexcl.insns" "$d/out/inloader-noexcl.bin"
	if cmp -s "$d/out/chain.insns" "$d/out/insns.bin"; then
		echo "FAIL $name: the signed loader is the common (unsealed) one"; fail=1
	fi
	sets="$d/tbs"
	if [ -n "$ref" ]; then
		"$ref" "${kc[@]}" -S -n "$name" --emit-tbs "$d/ref" "$o" || { echo "FAIL $name: reference --emit-tbs"; fail=1; continue; }
		sets="$sets $d/ref"
	fi
	for dir in $sets; do
		for id in chain loadtime inloader inloader-noexcl; do
			if cmp -s "$dir/$name.$id.tbs" "$d/out/$id.bin"; then
				n=$((n + 1))
			else
				echo "FAIL $name: $id: rebuilt bytes differ from $(basename "$dir") $name.$id.tbs"; fail=1
			fi
		done
	done
	for id in chain loadtime inloader inloader-noexcl; do
		got=$(sha256sum < "$d/out/$id.insns" | cut -c1-64)
		want=$(od -An -tx1 -v "$d/out/$id.sha256" | tr -d ' \n')
		[ "$got" = "$want" ] || { echo "FAIL $name: $id: SHA-256 of the rebuilt bytes is not the header's"; fail=1; }
	done
	echo "ok   $name ($(stat -c %s "$d/out/data.bin") B metadata, $(stat -c %s "$d/out/inloader.bin") B in-loader)"
done
echo "$n comparisons over ${#objs[@]} objects"
exit $fail
