#!/usr/bin/env bash
# make demo: sign the counter example for every scheme, load it on this
# kernel, show which scheme the kernel accepted (or why it could not
# verify) and the program counting.
#   scripts/demo.sh BUILD_DIR SKELGEN
set -eu
O=$1 SKELGEN=$2
d=$O/demo
mkdir -p "$d"
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "1. A demo signing key (never ship it): $d/demo.key.pem"
if [ ! -s "$d/demo.crt.pem" ]; then
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 365 \
		-subj "/CN=tinyskel demo key" -keyout "$d/demo.key.pem" -out "$d/demo.crt.pem" 2>/dev/null
fi
openssl x509 -in "$d/demo.crt.pem" -noout -subject

say "2. skelgen: counter.bpf.o -> counter.lskel.h, signed for chain, loadtime and inloader"
( set -x; "$SKELGEN" -k "$d/demo.key.pem" -i "$d/demo.crt.pem" --scheme chain,loadtime,inloader \
	-o "$d/counter.lskel.h" "$O/examples/counter/counter.bpf.o" )
sed -n '3,5p' "$d/counter.lskel.h"

say "3. The app, unchanged, against the signed header + libtinyskel.a"
cc -std=c11 -O2 -Iinclude -I"$d" -o "$d/counter" examples/counter/counter.c "$O/libtinyskel.a"
ls -l "$d/counter" | awk '{print $5 " bytes: " $9}'

if [ "$(id -u)" != 0 ]; then
	echo "(not root: skipping the loads; run 'sudo make demo')"; exit 0
fi
[ -d /sys/kernel/tracing/events ] || mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null || true

say "4. Policy 'require a verified signature' on this kernel ($(uname -r))"
"$d/counter" 5 require || true

say "5. Policy 'allow unsigned where the kernel cannot verify' (this board's default)"
"$d/counter" 1000 allow

say "6. Audit: pull the signed bytes out of the header and let OpenSSL verify the chain signature"
cc -std=c11 -Iinclude -include "$d/counter.lskel.h" -DSKEL_BLOB=counter__blob \
	tests/oracle/dump_blob.c "$O/libtinyskel.a" -o "$d/dump"
mkdir -p "$d/audit" && "$d/dump" "$d/audit"
{ openssl dgst -sha256 -binary "$d/audit/insns"; openssl dgst -sha256 -binary "$d/audit/data"; } |
	openssl dgst -sha256 -binary > "$d/audit/content.chain"
openssl cms -verify -binary -inform DER -in "$d/audit/sig.chain" -content "$d/audit/content.chain" \
	-certfile "$d/demo.crt.pem" -nointern -noverify -out /dev/null
