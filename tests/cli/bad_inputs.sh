#!/usr/bin/env bash
# Every bad input to skelgen: exactly one line on stderr that names the file
# and the problem, a non-zero exit, and no output file (an existing one is
# left untouched).  The README's table of these cases is this list.
set -u
src=${TINYSKEL_SRC:-.}
build=${BUILD:-$src/build/host}
skelgen=${SKELGEN:-$src/build/tools/bin/skelgen}
keys=$src/tests/fixtures/keys
good=$build/examples/counter/counter.bpf.o
[ -x "$skelgen" ] && [ -e "$good" ] || { echo "build first (make)"; exit 1; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail=0 n=0
bpfcc() { clang -O2 -g -target bpf -I/usr/include/$(gcc -print-multiarch) -I"$t" -c "$1" -o "$2"; }

# Objects
: > "$t/empty.bpf.o"
head -c 200 "$good" > "$t/truncated.bpf.o"
head -c 4096 /dev/urandom > "$t/random.bpf.o"
mkdir "$t/dir.bpf.o"
echo 'int main(void){return 0;}' > "$t/host.c" && cc -c "$t/host.c" -o "$t/host.o"
head -c 1200 "$good" > "$t/cut.bpf.o"; cat "$good" | tail -c +1201 | head -c 100 >> "$t/cut.bpf.o"
bpfcc "$src/tests/cli/noprog.bpf.c" "$t/noprog.bpf.o"
cp "$good" "$t/static.bpf.o" && cp "$good" "$t/obj.bpf.o"
sec='#define SEC(n) __attribute__((section(n), used))
char _license[] SEC("license") = "GPL";'
printf '%s\nSEC("raw_tp/x") int p(void *c) __asm__("a;b");\nint p(void *c) { return 0; }\n' "$sec" > "$t/semi.bpf.c"
printf '%s\nextern int CONFIG_HZ __attribute__((section(".kconfig")));\nint v;\n%s\n' "$sec" \
	'SEC("raw_tp/x") int p(void *c) { v = CONFIG_HZ; return 0; }' > "$t/kc.bpf.c"
bpfcc "$t/semi.bpf.c" "$t/semi.bpf.o" && bpfcc "$t/kc.bpf.c" "$t/kc.bpf.o"
# A map named like a program's link pin (tinyskel_pin_skel: DIR/MAP, DIR/PROG_link).
pinclash() { printf '#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n%s\n%s\n%s\n' \
	"struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, int); __type(value, long); } $1 SEC(\".maps\");" \
	'SEC("raw_tp/sys_enter") int count(void *c) { int k = 0; long *v = bpf_map_lookup_elem(&'"$1"', &k); if (v) (*v)++; return 0; }' \
	'char LICENSE[] SEC("license") = "GPL";' > "$t/$2.bpf.c" && bpfcc "$t/$2.bpf.c" "$t/$2.bpf.o"; }
pinclash count_link pinclash && pinclash count_links pinok
have_structops=0
if [ -r /sys/kernel/btf/vmlinux ] && bpftool btf dump file /sys/kernel/btf/vmlinux format c > "$t/vmlinux.h" 2>/dev/null &&
	bpfcc "$src/tests/cli/structops.bpf.c" "$t/structops.bpf.o" 2>/dev/null; then
	have_structops=1
fi
# Keys and certificates
printf -- '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n' > "$t/trunc.key.pem"
# An expired certificate: `openssl ca` is the one 3.0 tool that takes explicit dates.
mkdir "$t/ca" && : > "$t/ca/index.txt" && echo 01 > "$t/ca/serial"
printf '[ca]\ndefault_ca=d\n[d]\ndatabase=%s\nnew_certs_dir=%s\nserial=%s\ndefault_md=sha256\npolicy=p\n[p]\ncommonName=supplied\n' \
	"$t/ca/index.txt" "$t/ca" "$t/ca/serial" > "$t/ca/ca.cnf"
openssl req -new -newkey rsa:2048 -nodes -subj /CN=expired -keyout "$t/exp.key.pem" -out "$t/ca/exp.csr" 2>/dev/null
openssl ca -batch -config "$t/ca/ca.cnf" -selfsign -keyfile "$t/exp.key.pem" -in "$t/ca/exp.csr" \
	-startdate 20200101000000Z -enddate 20210101000000Z -out "$t/exp.crt.pem" >/dev/null 2>&1
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=enc -addext keyUsage=keyEncipherment \
	-keyout "$t/enc.key.pem" -out "$t/enc.crt.pem" 2>/dev/null
printf 'garbage' > "$t/bad.sig"

# row: description | expected text on the one stderr line | skelgen arguments (output is $t/out.h)
rows=(
"missing object|nope.bpf.o: No such file or directory|$t/nope.bpf.o"
"empty object|empty.bpf.o: empty|$t/empty.bpf.o"
"truncated object (200 bytes)|truncated.bpf.o: |$t/truncated.bpf.o"
"truncated object (ELF cut)|cut.bpf.o: |$t/cut.bpf.o"
"random bytes|random.bpf.o: not an ELF file|$t/random.bpf.o"
"directory|dir.bpf.o: is a directory|$t/dir.bpf.o"
"not a BPF object|host.o: not a BPF object|$t/host.o"
"object without programs|noprog.bpf.o: no BPF programs|$t/noprog.bpf.o"
"malformed .BTF (libbpf 1.1.2 crashes on it)|crash-btf-7a4_ff.bpf.o: malformed object: reading it crashed|$src/fuzz/corpus/object/crash-btf-7a4_ff.bpf.o"
"skeleton name a keyword (--name int)|--name: 'int' cannot name the skeleton: a C keyword|--name int $good"
"object named static.bpf.o|static.bpf.o: skeleton name 'static' is a C keyword|$t/static.bpf.o"
"program name not a C identifier|semi.bpf.o: program name 'a;b' cannot be used in the header|$t/semi.bpf.o"
"__kconfig extern without --kconfig|kc.bpf.o: extern CONFIG_HZ (__kconfig): would take the build host's value|$t/kc.bpf.o"
"missing key|nokey.pem: No such file or directory|-k $t/nokey.pem -i $keys/rsa2048.crt.pem -S $good"
"truncated key|trunc.key.pem: |-k $t/trunc.key.pem -i $keys/rsa2048.crt.pem -S $good"
"encrypted key|enc-pkcs8.pem: encrypted private key|-k $keys/enc-pkcs8.pem -i $keys/rsa2048.crt.pem -S $good"
"certificate given as key|rsa2048.crt.pem: not a private key|-k $keys/rsa2048.crt.pem -i $keys/rsa2048.crt.pem -S $good"
"key without certificate|rsa2048.key.pem: a certificate (-i) is needed|-k $keys/rsa2048.key.pem -S $good"
"key and certificate do not match|does not match certificate|-k $keys/p256.key.pem -i $keys/other-p256.crt.pem -S $good"
"unsupported curve (P-521)|p521.key.pem: EC curve secp521r1|-k $keys/p521.key.pem -i $keys/rsa2048.crt.pem -S $good"
"RSA key too small (1024)|rsa1024.key.pem: RSA key of 1024 bits|-k $keys/rsa1024.key.pem -i $keys/rsa2048.crt.pem -S $good"
"certificate not for signing|enc.crt.pem: certificate's keyUsage does not allow digital signatures|-k $t/enc.key.pem -i $t/enc.crt.pem -S $good"
"signing without a key|no key (-k)|-S $good"
"unknown scheme|unknown scheme 'hornet'|--scheme hornet $good"
"unwritable output|/proc/tinyskel/out.h: cannot write|-o /proc/tinyskel/out.h $good"
"output is an input|obj.bpf.o: is the input|-o $t/obj.bpf.o $t/obj.bpf.o"
"--emit-tbs with -o|--emit-tbs writes|--scheme chain --emit-tbs $t -o $t/out.h $good"
"--signature not a signature|bad.sig: |-i $keys/rsa2048.crt.pem --signature chain=$t/bad.sig $good"
"--signature for other content|does not verify|-i $keys/rsa2048.crt.pem --signature chain=$t/other.sig $good"
"map named PROG_link beside program PROG|pinclash.bpf.o: map 'count_link' and the link of program 'count' would both be pinned at DIR/count_link|$t/pinclash.bpf.o"
)
[ $have_structops = 1 ] && rows+=("unsupported map type (struct_ops)|map 'demo_cc': struct_ops maps are not supported|$t/structops.bpf.o")

# A valid signature, but over other bytes: the loadtime content of this object.
"$skelgen" --scheme loadtime --emit-tbs "$t" "$good" 2>/dev/null
openssl cms -sign -binary -noattr -nocerts -md sha256 -outform DER -in "$t/counter.loadtime.tbs" \
	-signer "$keys/rsa2048.crt.pem" -inkey "$keys/rsa2048.key.pem" -out "$t/other.sig" 2>/dev/null

for row in "${rows[@]}"; do
	IFS='|' read -r what want args <<<"$row"
	n=$((n + 1))
	echo previous > "$t/out.h"
	out=$t/out.h
	case $args in *"-o "*) out=/proc/tinyskel/out.h ;; *) args="-o $t/out.h $args" ;; esac
	# shellcheck disable=SC2086
	"$skelgen" $args 2>"$t/stderr" >"$t/stdout"; rc=$?
	lines=$(wc -l < "$t/stderr")
	msg=$(head -n 1 "$t/stderr")
	leftovers=$(ls "$t" | grep -c '\.tmp\.' || true)
	if [ $rc -ne 0 ] && [ "$lines" = 1 ] && [[ $msg == *"$want"* ]] && [ "$(cat "$t/out.h")" = previous ] &&
		[ "$leftovers" = 0 ] && [ ! -s "$t/stdout" ]; then
		echo "ok   $what: $msg"
	else
		echo "FAIL $what: exit $rc, $lines stderr line(s): $(head -c 400 "$t/stderr"), want '*$want*'," \
			"output $(head -c 20 "$t/out.h"), temp files $leftovers"
		fail=1
	fi
done

# Warned, not refused: an expired certificate (the kernel ignores validity dates).
n=$((n + 1))
if "$skelgen" -k "$t/exp.key.pem" -i "$t/exp.crt.pem" -S -o "$t/exp.h" "$good" 2>"$t/stderr" &&
	grep -q "exp.crt.pem: warning: certificate expired" "$t/stderr" && [ -s "$t/exp.h" ]; then
	echo "ok   expired certificate: warned, header written"
else
	echo "FAIL expired certificate: $(cat "$t/stderr")"; fail=1
fi
# Two-phase signing round trip: the content emitted, signed by openssl, attached.
n=$((n + 1))
if "$skelgen" --scheme chain --emit-tbs "$t" "$good" &&
	openssl cms -sign -binary -noattr -nocerts -md sha256 -outform DER -in "$t/counter.chain.tbs" \
		-signer "$keys/p256.crt.pem" -inkey "$keys/p256.key.pem" -out "$t/chain.sig" 2>/dev/null &&
	"$skelgen" -i "$keys/p256.crt.pem" --signature chain="$t/chain.sig" -o "$t/two.h" "$good" &&
	grep -q "signatures: chain" "$t/two.h"; then
	echo "ok   two-phase signing: --emit-tbs, openssl cms -sign, --signature"
else
	echo "FAIL two-phase signing"; fail=1
fi
# Not a clash: a map called count_links beside program count is fine.
n=$((n + 1))
if "$skelgen" -o "$t/pinok.h" "$t/pinok.bpf.o" 2>"$t/stderr" && [ -s "$t/pinok.h" ]; then
	echo "ok   map count_links beside program count: accepted"
else
	echo "FAIL map count_links beside program count refused: $(cat "$t/stderr")"; fail=1
fi
echo "$n cases"
exit $fail
