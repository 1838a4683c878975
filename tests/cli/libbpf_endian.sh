#!/usr/bin/env bash
# skelgen built against Debian's newer libbpf (scripts/fetch-libbpf.sh,
# statically linked: build/tools-libbpf/bin/skelgen) against the one built
# with the system's libbpf 1.1 ($SKELGEN):
#  - little-endian: byte-identical headers, unsigned and signed (RSA, P-256,
#    every scheme), for every BPF object of the project that skelgen accepts;
#  - big-endian (clang -target bpfeb): the 1.1 build refuses by name, the
#    newer one writes a header that says TINYSKEL_BLOB_BIG_ENDIAN, whose
#    loader is big-endian and whose signatures OpenSSL verifies over the
#    big-endian bytes (content rebuilt by tests/oracle/extract.py);
#  - --target-endian refuses the other order by name.
set -u
: "${TINYSKEL_SRC:?run through make check}" "${SKELGEN:?}"
cd "$TINYSKEL_SRC" || exit 1
skip() { echo "$*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }

lib=$(bash scripts/fetch-libbpf.sh 2>&1) || skip "no newer libbpf for skelgen: $lib"
NEW=$TINYSKEL_SRC/build/tools-libbpf/bin/skelgen
# A make of its own: neither make check's jobserver nor its board.
# (the make target is the path relative to the tree, as the Makefile names it)
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u BOARD -u O make -s --no-print-directory SKELGEN_LIBBPF="$lib" \
	build/tools-libbpf/bin/skelgen >/dev/null 2>&1 ||
	fail "cannot build skelgen against $lib (make SKELGEN_LIBBPF=$lib build/tools-libbpf/bin/skelgen)"
echo "libbpf $(sed -n 's/^#define LIBBPF_M[AI][JN]OR*_VERSION //p' "$lib/usr/include/bpf/libbpf_version.h" | paste -sd.) from $lib"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
keys=tests/fixtures/keys
inc="-I/usr/include/$(gcc -print-multiarch) -Iexamples/include -Itests/kernel/bpf"
objs="examples/*/*.bpf.c tests/kernel/bpf/*.bpf.c tests/vm/*.bpf.c bench/*.bpf.c tests/corpus/*.bpf.c"
n=0 nbe=0
for src in $objs; do
	[ -f "$src" ] || continue
	b=$(basename "$src" .bpf.c)
	for t in bpfel bpfeb; do
		# shellcheck disable=SC2086
		clang -O2 -g -target $t $inc -c "$src" -o "$tmp/$b.$t.o" 2>/dev/null || fail "clang -target $t $src"
	done
	if [ "$b" = kconfig_ext ] || ! "$SKELGEN" "$tmp/$b.bpfel.o" -o "$tmp/$b.old.h" 2>/dev/null; then
		continue # refused by both builds alike (tests/cli covers why)
	fi
	for sign in "" "-k $keys/rsa2048.key.pem -i $keys/rsa2048.crt.pem -S" "-k $keys/p256.key.pem -i $keys/p256.crt.pem -S"; do
		# shellcheck disable=SC2086
		"$SKELGEN" $sign -n "$b" "$tmp/$b.bpfel.o" -o "$tmp/$b.old.h" || fail "$b: system-libbpf skelgen failed"
		# shellcheck disable=SC2086
		"$NEW" $sign -n "$b" "$tmp/$b.bpfel.o" -o "$tmp/$b.new.h" || fail "$b: newer-libbpf skelgen failed"
		cmp -s "$tmp/$b.old.h" "$tmp/$b.new.h" ||
			fail "$b (${sign:-unsigned}): little-endian headers differ between libbpf builds"
	done
	n=$((n + 1))
	# big-endian
	out=$("$SKELGEN" "$tmp/$b.bpfeb.o" -o "$tmp/x.h" 2>&1) && fail "$b: the libbpf 1.1 skelgen accepted a big-endian object"
	case $out in *"big-endian BPF object: this skelgen is built with libbpf 1."*) ;;
	*) fail "$b: expected a refusal naming big-endian and the libbpf version, got: $out" ;; esac
	"$NEW" -k $keys/rsa2048.key.pem -i $keys/rsa2048.crt.pem -S -n "$b" "$tmp/$b.bpfeb.o" -o "$tmp/$b.be.h" ||
		fail "$b: newer-libbpf skelgen refused the big-endian object"
	grep -q 'TINYSKEL_BLOB_MAGIC, TINYSKEL_BLOB_VERSION, TINYSKEL_BLOB_BIG_ENDIAN,' "$tmp/$b.be.h" ||
		fail "$b: big-endian header does not say TINYSKEL_BLOB_BIG_ENDIAN"
	cmp -s "$tmp/$b.be.h" "$tmp/$b.new.h" && fail "$b: big-endian header equals the little-endian one"
	nbe=$((nbe + 1))
done
[ $n -ge 8 ] || fail "expected at least 8 objects skelgen accepts, compared $n"

# --target-endian
out=$("$NEW" --target-endian little "$tmp/counter.bpfeb.o" 2>&1 >/dev/null) && fail "--target-endian little took a bpfeb object"
[ "$out" = "skelgen: $tmp/counter.bpfeb.o: big-endian BPF object, but --target-endian little (compile it with clang -target bpfel)" ] ||
	fail "unexpected --target-endian refusal: $out"
out=$("$SKELGEN" --target-endian big "$tmp/counter.bpfel.o" 2>&1 >/dev/null) && fail "--target-endian big took a bpfel object"
case $out in *"little-endian BPF object, but --target-endian big (compile it with clang -target bpfeb)") ;;
*) fail "unexpected --target-endian refusal: $out" ;; esac
"$NEW" --target-endian big "$tmp/counter.bpfeb.o" -o "$tmp/t.h" || fail "--target-endian big refused a bpfeb object"
"$SKELGEN" --target-endian little "$tmp/counter.bpfel.o" -o "$tmp/t.h" || fail "--target-endian little refused a bpfel object"
echo "little-endian: $n objects byte-identical (unsigned, RSA, P-256) between libbpf 1.1 and $(basename "$(dirname "$lib")")/$(basename "$lib"); big-endian: $nbe headers"
