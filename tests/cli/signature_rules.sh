#!/usr/bin/env bash
# Two-phase signing (--signature) applies the kernel's PKCS#7 rules and the
# key policy of signing directly, so skelgen never attaches a signature the
# device refuses or anyone could have made:
#   signatureAlgorithm rsaEncryption (RSA) or ecdsa-with-SHA* (EC) only;
#   every SignerInfo names the certificate and verifies;
#   RSA 2048-4096 with an odd exponent >= 3, ECDSA P-256/P-384.
# The signatures are made with openssl cms, then altered with python3.
set -u
src=${TINYSKEL_SRC:-.}
build=${BUILD:-$src/build/host}
skelgen=${SKELGEN:-$src/build/tools/bin/skelgen}
keys=$src/tests/fixtures/keys
good=$build/examples/counter/counter.bpf.o
[ -x "$skelgen" ] && [ -e "$good" ] || { echo "build first (make)"; exit 1; }
command -v openssl >/dev/null && command -v python3 >/dev/null || { echo "needs openssl and python3"; exit 77; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail=0
"$skelgen" --scheme chain --emit-tbs "$t" "$good" || exit 1
tbs=$t/counter.chain.tbs
sign() { # OUT CERT KEY [CERT KEY]: detached, no attributes, no certificates
	local out=$1; shift
	local args=()
	while [ $# -gt 0 ]; do args+=(-signer "$1" -inkey "$2"); shift 2; done
	openssl cms -sign -binary -noattr -nocerts -md sha256 -outform DER -in "$tbs" "${args[@]}" -out "$out"
}
cat > "$t/der.py" <<'PY'
# Minimal DER rewriting: parse, replace, re-encode (lengths recomputed).
import hashlib, sys
def parse(b, i=0):
    tag = b[i]; l = b[i + 1]; i += 2
    if l & 0x80:
        n = l & 0x7f; l = int.from_bytes(b[i:i + n], 'big'); i += n
    return tag, b[i:i + l], i + l
def enc(tag, val):
    l = len(val)
    ls = bytes([l]) if l < 0x80 else bytes([0x80 | ((l.bit_length() + 7) // 8)]) + l.to_bytes((l.bit_length() + 7) // 8, 'big')
    return bytes([tag]) + ls + val
def walk(b, fn):
    out, i = b'', 0
    while i < len(b):
        tag, val, i = parse(b, i)
        r = fn(tag, val)
        if r is not None: out += r
        elif tag & 0x20: out += enc(tag, walk(val, fn))
        else: out += enc(tag, val)
    return out
cmd = sys.argv[1]
data = open(sys.argv[2], 'rb').read()
if cmd == 'ecpub':      # signatureAlgorithm ecdsa-with-SHA256 -> id-ecPublicKey
    f = lambda t, v: enc(6, bytes.fromhex('2a8648ce3d0201')) if t == 6 and v == bytes.fromhex('2a8648ce3d040302') else None
elif cmd == 'rsa-e1':   # certificate: public exponent 1 (in the key's BIT STRING)
    def f(t, v):
        if t == 3 and v[:2] == b'\x00\x30' and len(v) > 200:
            _, key, _ = parse(v[1:])
            _, n, j = parse(key)
            return enc(3, b'\x00' + enc(0x30, enc(2, n) + enc(2, b'\x01')))
elif cmd == 'forge':    # signature := PKCS#1 v1.5 padded digest of argv[3] (valid when e = 1)
    h = hashlib.sha256(open(sys.argv[3], 'rb').read()).digest()
    di = bytes.fromhex('3031300d060960864801650304020105000420') + h
    def f(t, v):
        if t == 4 and len(v) == 256:
            return enc(4, b'\x00\x01' + b'\xff' * (256 - 3 - len(di)) + b'\x00' + di)
sys.stdout.buffer.write(walk(data, f))
PY
# A certificate for a key skelgen refuses to sign with.
cert_of() { openssl req -x509 -new -key "$1" -subj /CN=t -days 30 -outform DER -out "$2" 2>/dev/null; }
cert_of "$keys/rsa1024.key.pem" "$t/rsa1024.crt.der" && sign "$t/rsa1024.sig" "$t/rsa1024.crt.der" "$keys/rsa1024.key.pem"
cert_of "$keys/p521.key.pem" "$t/p521.crt.der" && sign "$t/p521.sig" "$t/p521.crt.der" "$keys/p521.key.pem"
sign "$t/rsa.sig" "$keys/rsa2048.crt.pem" "$keys/rsa2048.key.pem"
sign "$t/p256.sig" "$keys/p256.crt.pem" "$keys/p256.key.pem"
python3 - "$t/rsa.sig" > "$t/sha256rsa.sig" <<'PY'
import sys; b = open(sys.argv[1], 'rb').read()
old = bytes.fromhex('06092a864886f70d010101'); assert b.count(old) == 1
sys.stdout.buffer.write(b.replace(old, bytes.fromhex('06092a864886f70d01010b')))
PY
python3 "$t/der.py" ecpub "$t/p256.sig" > "$t/ecpub.sig"
sign "$t/two.sig" "$keys/p256.crt.pem" "$keys/p256.key.pem" "$keys/other-p256.crt.pem" "$keys/other-p256.key.pem"
# the same signer twice, the second signature broken (its last byte)
sign "$t/twice.sig" "$keys/p256.crt.pem" "$keys/p256.key.pem" "$keys/p256.crt.pem" "$keys/p256.key.pem"
python3 -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); b[-1] ^= 1; sys.stdout.buffer.write(b)' \
	"$t/twice.sig" > "$t/twice-broken.sig"
openssl x509 -in "$keys/rsa2048.crt.pem" -outform DER -out "$t/rsa2048.crt.der"
python3 "$t/der.py" rsa-e1 "$t/rsa2048.crt.der" > "$t/e1.crt.der"
python3 "$t/der.py" forge "$t/rsa.sig" "$tbs" > "$t/e1.sig"

# row: description | expected text | certificate | signature
rows=(
"sha256WithRSAEncryption|the kernel takes only rsaEncryption|$keys/rsa2048.crt.pem|$t/sha256rsa.sig"
"id-ecPublicKey|the kernel takes only ecdsa-with-SHA*|$keys/p256.crt.pem|$t/ecpub.sig"
"second SignerInfo, broken signature|signature does not verify|$keys/p256.crt.pem|$t/twice-broken.sig"
"second signer, another certificate|1 of 2 signers are not|$keys/p256.crt.pem|$t/two.sig"
"RSA exponent 1, forged without a key|RSA public exponent must be odd and at least 3|$t/e1.crt.der|$t/e1.sig"
"RSA-1024 certificate|RSA key of 1024 bits|$t/rsa1024.crt.der|$t/rsa1024.sig"
"P-521 certificate|EC curve secp521r1 not supported|$t/p521.crt.der|$t/p521.sig"
)
for row in "${rows[@]}"; do
	IFS='|' read -r what want cert sig <<<"$row"
	rm -f "$t/out.h"
	if [ ! -s "$sig" ]; then echo "FAIL $what: could not make the test signature"; fail=1; continue; fi
	"$skelgen" -i "$cert" --signature chain="$sig" -o "$t/out.h" "$good" 2>"$t/err"; rc=$?
	if [ $rc -ne 0 ] && [ "$(wc -l < "$t/err")" = 1 ] && grep -q -- "$want" "$t/err" && [ ! -e "$t/out.h" ]; then
		echo "ok   $what: $(cat "$t/err")"
	else
		echo "FAIL $what: exit $rc, $(head -c 300 "$t/err"), want '*$want*'"; fail=1
	fi
done
# The untouched signatures are accepted: the refusals above are about the alterations.
for c in "rsa2048.crt.pem|rsa.sig" "p256.crt.pem|p256.sig" "p256.crt.pem|twice.sig"; do
	IFS='|' read -r cert sig <<<"$c"
	if "$skelgen" -i "$keys/$cert" --signature chain="$t/$sig" -o "$t/ok.h" "$good"; then
		echo "ok   unaltered $sig accepted"
	else
		echo "FAIL unaltered $sig refused"; fail=1
	fi
done
exit $fail
