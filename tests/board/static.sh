#!/usr/bin/env bash
# Every binary built for the board (examples, unit tests, boot init) is for
# the board's architecture and, with CONFIG_STATIC, statically linked; armv7
# boards use the hard-float ABI.
. "$(dirname "$0")/lib.bash"

triple=$(target_triple)
case $triple in
aarch64-*) want="ELF 64-bit LSB executable, ARM aarch64" ;;
arm-*) want="ELF 32-bit LSB executable, ARM, EABI5" ;;
x86_64-*) want="ELF 64-bit LSB executable, x86-64" ;;
mips-*) want="ELF 32-bit MSB executable, MIPS, MIPS32 rel2" ;; # big-endian
*) skip "no expected 'file' output for target $triple" ;;
esac
static=$(grep -q '^CONFIG_STATIC=y' "$BUILD/.config" 2>/dev/null && echo y)
bad=0 n=0
for f in $(for e in $EXAMPLES; do echo "$BUILD/examples/$e/$e"; done) "$BUILD"/tests/unit/* "$BUILD"/tests/board/init; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	got=$(file -b "$f")
	echo "${f#"$BUILD"/}: $got"
	case $got in "$want"*) ;; *) echo "  expected: $want..."; bad=1 ;; esac
	if [ "$static" = y ]; then
		case $got in *"statically linked"*) ;; *) echo "  expected: statically linked"; bad=1 ;; esac
	fi
	if [ "${triple%%-*}" = arm ]; then
		# Tag_ABI_VFP_args: VFP registers = the hard-float calling convention.
		abi=$("${CROSS_COMPILE}readelf" -A "$f" | grep -c 'Tag_ABI_VFP_args: VFP registers')
		[ "$abi" = 1 ] || { echo "  expected: Tag_ABI_VFP_args: VFP registers (hard-float), got none"; bad=1; }
	fi
done
[ $n -ge 2 ] || fail "expected the examples in $BUILD, found $n binaries"
[ $bad = 0 ] || fail "some binaries are not what board $BOARD needs"
echo "$n binaries: $want${static:+, statically linked}"
