#!/usr/bin/env bash
# A `long` (and unsigned long, pointer) global keeps the BPF object's layout
# on 32-bit ARM: skelgen's headers for the corpus objects with long, pointer,
# packed and aligned data compile with the qemu-armv7 board's toolchain
# (musl sysroot without kernel headers, and with the armhf kernel headers), their static asserts pinning every member at its BTF offset; then
# the same layout report, run under qemu-arm, equals the host's.
set -u
src=${TINYSKEL_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
skelgen=${SKELGEN:-$src/build/tools/bin/skelgen}
cross=arm-linux-gnueabihf-
qemu=${QEMU_ARM:-qemu-arm-static}
for c in ${cross}gcc clang "$qemu"; do
	command -v "$c" >/dev/null || { echo "$c not installed (scripts/install-deps.sh cross)"; exit 77; }
done
musl=/usr/include/arm-linux-musleabihf
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
ma=$(gcc -print-multiarch)
flags="-std=c11 -Wall -Wextra -Werror -O2 -mcpu=cortex-a15 -mfpu=neon-vfpv4 -mfloat-abi=hard"
fail=0
for n in long32 scalars structs align_down; do
	clang -O2 -g -target bpf -I/usr/include/$ma -I"$src/tests/corpus" -c "$src/tests/corpus/$n.bpf.c" -o "$t/$n.o" || exit 1
	"$skelgen" -n "$n" -o "$t/$n.h" "$t/$n.o" || exit 1
	secs=$(grep -o "^struct ${n}__[A-Za-z0-9_]* {" "$t/$n.h" | sed "s/^struct ${n}__//; s/ {//")
	# a layout report: every section's size and the skeleton's own
	{
		echo '#include <stdio.h>'
		echo "#include \"$t/$n.h\""
		echo 'int main(void) {'
		for s in $secs; do echo "printf(\"$s %zu\\n\", sizeof(struct ${n}__$s));"; done
		echo "printf(\"keyring_id at %zu after links at %zu\\n\", offsetof(struct $n, keyring_id), offsetof(struct $n, links));"
		echo 'return 0; }'
		# the runtime is not linked: the header's tables name these
		echo 'int tinyskel_attach_raw_tp(const struct tinyskel_prog_info *p, int f) { (void)p; return f; }'
	} > "$t/$n.c"
	gcc $(echo "$flags" | sed 's/-mcpu=[^ ]* -mfpu=[^ ]* -mfloat-abi=hard//') -I"$src/include" "$t/$n.c" -o "$t/$n.host" 2>"$t/err" ||
		{ echo "FAIL $n: host build"; head "$t/err"; fail=1; continue; }
	"$t/$n.host" > "$t/$n.host.out"
	# the board's toolchain on its musl sysroot: first without kernel headers
	# (tinyskel_lskel.h's own types), then with the armhf kernel headers,
	# linked static and run under qemu-arm
	arm="${cross}gcc -nostdinc -isystem $musl -isystem $(${cross}gcc -print-file-name=include) $flags -I$src/include"
	if $arm -c "$t/$n.c" -o "$t/$n.musl.o" 2>"$t/err"; then
		echo "ok   $n: compiles for armv7 (musl, no kernel headers), offsets asserted"
	else
		echo "FAIL $n: armv7 build without kernel headers"; head "$t/err"; fail=1
	fi
	lib=/usr/lib/arm-linux-musleabihf
	if $arm -idirafter /usr/arm-linux-gnueabihf/include -static -nostdlib "$t/$n.c" -o "$t/$n.arm" \
		$lib/crt1.o $lib/crti.o -L$lib -Wl,--start-group -lc -lgcc -Wl,--end-group $lib/crtn.o 2>"$t/err"; then
		"$qemu" "$t/$n.arm" > "$t/$n.arm.out"
		if diff -u "$t/$n.host.out" "$t/$n.arm.out"; then
			echo "ok   $n: armv7 (kernel headers) layout equals x86-64's: $(tr '\n' ' ' < "$t/$n.arm.out")"
		else
			echo "FAIL $n: armv7 layout differs from x86-64"; fail=1
		fi
	else
		echo "FAIL $n: armv7 build with kernel headers"; head "$t/err"; fail=1
	fi
done
exit $fail
