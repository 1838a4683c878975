#!/usr/bin/env bash
# OpenSSL, as an independent oracle, verifies every signature skelgen writes
# into a header, for RSA and ECDSA keys and each scheme, over content this
# script rebuilds from the header's own bytes (never with skelgen's helpers):
#   chain    = SHA-256( SHA-256(sealed insns) || SHA-256(data) )
#   loadtime = sealed insns || data   (the signed loader, skelgen/gen/loader.h)
#   inloader = the header's in-loader instruction variant (later 6.18.y layout)
#   inloader-noexcl = the variant without the excl read (early 6.18.y layout)
# One flipped byte in the content must make verification fail.
set -u
src=${TINYSKEL_SRC:-.}
build=${BUILD:-$src/build/host}
skelgen=${SKELGEN:-$src/build/tools/bin/skelgen}
obj=$build/examples/counter/counter.bpf.o
keys=$src/tests/fixtures/keys
for f in "$skelgen" "$obj"; do
	[ -e "$f" ] || { echo "missing $f (run make first)"; exit 1; }
done
command -v openssl >/dev/null || { echo "openssl not installed"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0 checks=0

sha() { openssl dgst -sha256 -binary "$@"; }

verify() { # sig content cert
	openssl cms -verify -binary -inform DER -in "$1" -content "$2" -certfile "$3" \
		-nointern -noverify -out /dev/null 2>"$tmp/err"
}

for key in rsa2048 rsa3072 rsa4096 p256 p384 rsa2048-noski p256-noski; do
	base=${key%-noski}
	cert=$keys/$key.crt.pem
	d=$tmp/$key; mkdir -p "$d"
	"$skelgen" -k "$keys/$base.key.pem" -i "$cert" --scheme chain,loadtime,inloader \
		-o "$d/counter.lskel.h" "$obj" || { echo "FAIL $key: skelgen"; fail=1; continue; }
	cc -std=c11 -I"$src/include" -include "$d/counter.lskel.h" -DSKEL_BLOB=counter__blob \
		"$src/tests/oracle/dump_blob.c" "$build/libtinyskel.a" -o "$d/dump" || { fail=1; continue; }
	"$d/dump" "$d" >/dev/null || { fail=1; continue; }
	# The header's hashes are the hashes of its bytes.
	cmp -s <(sha "$d/insns") "$d/insns_sha256" || { echo "FAIL $key: insns_sha256"; fail=1; }
	cmp -s <(sha "$d/data") "$d/data_sha256" || { echo "FAIL $key: data_sha256"; fail=1; }
	# chain and loadtime sign the sealed loader (skelgen/gen/loader.h), which
	# the header carries beside the common (unsigned) one; both schemes share it
	for s in chain loadtime; do
		[ -f "$d/insns.$s" ] || { echo "FAIL $key: no sealed loader for $s"; fail=1; continue 2; }
		cmp -s "$d/insns.$s" "$d/insns" && { echo "FAIL $key: $s signs the common loader"; fail=1; }
	done
	cmp -s "$d/insns.chain" "$d/insns.loadtime" || { echo "FAIL $key: chain and loadtime sign different loaders"; fail=1; }
	{ sha "$d/insns.chain"; sha "$d/data"; } | sha > "$d/content.chain"
	cat "$d/insns.loadtime" "$d/data" > "$d/content.loadtime"
	cp "$d/insns.inloader" "$d/content.inloader"
	cp "$d/insns.inloader-noexcl" "$d/content.inloader-noexcl"
	cmp -s "$d/insns.inloader" "$d/insns.inloader-noexcl" && { echo "FAIL $key: the two in-loader variants are the same"; fail=1; }
	for s in chain loadtime inloader inloader-noexcl; do
		checks=$((checks + 1))
		if verify "$d/sig.$s" "$d/content.$s" "$cert"; then
			echo "ok   $key $s: openssl cms -verify accepts"
		else
			echo "FAIL $key $s: openssl rejects: $(head -c 300 "$tmp/err")"; fail=1
		fi
		cp "$d/content.$s" "$d/bad"
		printf '\x5a' | dd of="$d/bad" bs=1 seek=7 conv=notrunc status=none
		checks=$((checks + 1))
		if verify "$d/sig.$s" "$d/bad" "$cert"; then
			echo "FAIL $key $s: openssl accepts a flipped content byte"; fail=1
		fi
	done
	# The in-loader variant embeds SHA-256(data) as the check's immediates.
	for v in inloader inloader-noexcl; do
		checks=$((checks + 1))
		grep -q "$(od -An -tx1 -v "$d/data_sha256" | tr -d ' \n' | cut -c1-8)" \
			<(od -An -tx1 -v "$d/insns.$v" | tr -d ' \n') ||
			{ echo "FAIL $key: $v instructions do not embed the data hash"; fail=1; }
	done
done
echo "$checks checks"
exit $fail
