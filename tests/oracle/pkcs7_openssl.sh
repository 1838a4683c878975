#!/usr/bin/env bash
# OpenSSL as an independent oracle for skelgen's PKCS#7 (skelgen/sign/pkcs7_*.c).
#
#   SIGN_TOOL=build/tests/oracle/sign_tool tests/oracle/pkcs7_openssl.sh
#
# For RSA-2048/3072/4096, P-256 and P-384, each with a certificate that has a
# subjectKeyIdentifier and one that has not:
#  - our signature over random content verifies with `openssl cms -verify`,
#    and stops verifying when one byte of the content changes;
#  - signing twice gives identical bytes;
#  - `openssl asn1parse` shows the structure we promise: SignedData and
#    SignerInfo version 3 with an SKI signer, 1 with issuer+serial; no
#    certificates; detached; no signed attributes; rsaEncryption or
#    ecdsa-with-SHA256;
#  - RSA (deterministic PKCS#1 v1.5): byte-identical to
#    `openssl cms -sign -binary -nocerts -noattr -md sha256 [-keyid]`;
#  - the reverse: OpenSSL's signatures, with and without signed attributes,
#    pass sg_pkcs7_verify, and fail with tampered content or signature.
# Without SIGN_TOOL, sign_tool is built here with gcc (standalone use).
# Exit 0 pass, 1 fail, 77 skip.
set -u
src=${TINYSKEL_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
keys=$src/tests/fixtures/keys

command -v openssl >/dev/null || { echo "skip: openssl not installed"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

tool=${SIGN_TOOL:-}
if [ -z "$tool" ]; then
	command -v gcc >/dev/null || { echo "skip: no SIGN_TOOL and no gcc to build it"; exit 77; }
	tool=$tmp/sign_tool
	# shellcheck disable=SC2046
	gcc -std=c11 -O1 -I"$src/skelgen" -I"$src/include" -o "$tool" "$src/tests/oracle/sign_tool.c" \
		$(ls "$src"/skelgen/*/*.c) -lbearssl -lbpf -lelf -lz ||
		{ echo "FAIL: cannot build sign_tool"; exit 1; }
fi

fails=0 checks=0
ok() { checks=$((checks + 1)); echo "ok   $*"; }
bad() { checks=$((checks + 1)); fails=$((fails + 1)); echo "FAIL $*"; }

ossl_verify() { # SIG CONTENT CERT
	openssl cms -verify -binary -inform DER -in "$1" -content "$2" -certfile "$3" \
		-nointern -noverify -out /dev/null 2>"$tmp/verify.err"
}

flip_byte() { # FILE OFFSET -> FILE.flipped
	python3 - "$1" "$2" <<'PY'
import sys
p, off = sys.argv[1], int(sys.argv[2])
b = bytearray(open(p, 'rb').read())
b[off % len(b)] ^= 0x01
open(p + '.flipped', 'wb').write(b)
PY
}

# Assert the structure from `openssl asn1parse` output.
check_structure() { # SIG NAME WANT_VERSION ALG
	local sig=$1 name=$2 v=$3 alg=$4 a
	a=$(openssl asn1parse -inform DER -in "$sig" 2>&1) || { bad "$name: asn1parse failed"; return; }
	# SignedData version (depth 3) and SignerInfo version (depth 5)
	if echo "$a" | grep -Eq "d=3 .*INTEGER +:0$v\$" && echo "$a" | grep -Eq "d=5 .*INTEGER +:0$v\$"; then
		ok "$name: SignedData and SignerInfo version $v"
	else
		bad "$name: expected version $v in SignedData and SignerInfo, asn1parse says:"; echo "$a"
	fi
	# certificates would be [0] at depth 3
	if echo "$a" | grep -Eq 'd=3 .*cont \[ 0 \]'; then bad "$name: certificates present"; else ok "$name: no certificates"; fi
	# detached: encapContentInfo is only the OID (no [0] at depth 4)
	if echo "$a" | grep -Eq 'd=4 .*OBJECT +:pkcs7-data' && ! echo "$a" | grep -Eq 'd=4 .*cont \[ 0 \]'; then
		ok "$name: detached pkcs7-data"
	else
		bad "$name: not detached pkcs7-data"
	fi
	# signed attributes would be a constructed [0] at depth 5
	if echo "$a" | grep -Eq 'd=5 .*cons: +cont \[ 0 \]'; then bad "$name: signed attributes present"; else ok "$name: no signed attributes"; fi
	# signer: SKI is a primitive [0] at depth 5
	if [ "$v" = 3 ]; then
		echo "$a" | grep -Eq 'd=5 .*prim: +cont \[ 0 \]' && ok "$name: signer by SKI" || bad "$name: no SKI signer"
	else
		echo "$a" | grep -Eq 'd=6 .*INTEGER' && ok "$name: signer by issuer and serial" || bad "$name: no issuer+serial signer"
	fi
	echo "$a" | grep -Eq "d=6 .*OBJECT +:$alg\$" && ok "$name: signature algorithm $alg" ||
		bad "$name: expected signature algorithm $alg"
	echo "$a" | grep -Eq "d=5 .*OBJECT +:sha256\$|d=6 .*OBJECT +:sha256\$" && ok "$name: digest sha256" ||
		bad "$name: expected digest sha256"
	[ "$(echo "$a" | grep -c 'sha256$')" = 2 ] && ok "$name: sha256 in digestAlgorithms and SignerInfo" ||
		bad "$name: expected sha256 exactly twice"
}

for k in rsa2048 rsa3072 rsa4096 p256 p384; do
	case $k in rsa*) alg=rsaEncryption ;; *) alg=ecdsa-with-SHA256 ;; esac
	for variant in ski noski; do
		if [ $variant = ski ]; then cert=$keys/$k.crt.pem v=3 keyid=-keyid; else cert=$keys/$k-noski.crt.pem v=1 keyid=; fi
		name="$k/$variant"
		content=$tmp/$k-$variant.bin
		head -c $((RANDOM % 4096 + 1)) /dev/urandom >"$content"
		sig=$tmp/$k-$variant.der

		if ! "$tool" "$keys/$k.key.pem" "$cert" "$content" "$sig" 2>"$tmp/err"; then
			bad "$name: sign_tool failed: $(cat "$tmp/err")"; continue
		fi
		"$tool" "$keys/$k.key.pem" "$cert" "$content" "$sig.2" &&
			cmp -s "$sig" "$sig.2" && ok "$name: deterministic" || bad "$name: two signatures differ"

		ossl_verify "$sig" "$content" "$cert" && ok "$name: openssl cms -verify accepts ours" ||
			{ bad "$name: openssl cms -verify rejects ours:"; cat "$tmp/verify.err"; }
		flip_byte "$content" $((RANDOM))
		ossl_verify "$sig" "$content.flipped" "$cert" && bad "$name: openssl accepts a flipped content byte" ||
			ok "$name: openssl rejects a flipped content byte"
		check_structure "$sig" "$name" $v $alg

		# The reverse: OpenSSL signs, we verify.
		osig=$tmp/$k-$variant.openssl.der
		# shellcheck disable=SC2086
		openssl cms -sign -binary -nocerts -noattr $keyid -md sha256 -signer "$cert" \
			-inkey "$keys/$k.key.pem" -in "$content" -outform DER -out "$osig" ||
			{ bad "$name: openssl cms -sign failed"; continue; }
		case $k in rsa*)
			cmp -s "$sig" "$osig" && ok "$name: byte-identical to openssl cms -sign" ||
				bad "$name: differs from openssl cms -sign -noattr $keyid" ;;
		esac
		"$tool" --verify "$osig" "$cert" "$content" 2>"$tmp/err" && ok "$name: we verify openssl's (no attributes)" ||
			bad "$name: we reject openssl's: $(cat "$tmp/err")"
		"$tool" --verify "$osig" "$cert" "$content.flipped" 2>"$tmp/err" &&
			bad "$name: we accept openssl's over flipped content" ||
			ok "$name: we reject openssl's over flipped content ($(cat "$tmp/err"))"
		# with signed attributes (contentType, signingTime, messageDigest, smimeCapabilities)
		asig=$tmp/$k-$variant.attrs.der
		# shellcheck disable=SC2086
		openssl cms -sign -binary -nocerts $keyid -md sha256 -signer "$cert" \
			-inkey "$keys/$k.key.pem" -in "$content" -outform DER -out "$asig" ||
			{ bad "$name: openssl cms -sign (attributes) failed"; continue; }
		"$tool" --verify "$asig" "$cert" "$content" 2>"$tmp/err" && ok "$name: we verify openssl's (with attributes)" ||
			bad "$name: we reject openssl's with attributes: $(cat "$tmp/err")"
		"$tool" --verify "$asig" "$cert" "$content.flipped" 2>"$tmp/err" &&
			bad "$name: we accept openssl's (attributes) over flipped content" ||
			ok "$name: we reject openssl's (attributes) over flipped content"
		# tamper with the signature value: its last byte
		sz=$(stat -c %s "$osig")
		flip_byte "$osig" $((sz - 1))
		"$tool" --verify "$osig.flipped" "$cert" "$content" 2>"$tmp/err" &&
			bad "$name: we accept a tampered openssl signature" ||
			ok "$name: we reject a tampered openssl signature"
		# and a signature made for another certificate's key
		other=$keys/other-rsa2048.crt.pem
		case $k in p*) other=$keys/other-p256.crt.pem ;; esac
		"$tool" --verify "$osig" "$other" "$content" 2>"$tmp/err" &&
			bad "$name: we accept it against another certificate" ||
			ok "$name: we reject it against another certificate"
	done
done

echo
echo "$checks checks, $fails failed"
[ $fails = 0 ]
