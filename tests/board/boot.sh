#!/usr/bin/env bash
# Boot the board's binaries on a real Debian kernel under qemu-system
# (scripts/qemu-boot.sh, boards/$BOARD/qemu-boot.conf) and judge the console:
#   BOOT_EXPECT=load    every program loads, attaches and counts (exit 0)
#   BOOT_EXPECT=policy  every program is refused at step "policy": a firmware
#                       board requiring signatures, on a kernel that cannot
#                       verify them, must not load unsigned
. "$(dirname "$0")/lib.bash"

conf=$TINYSKEL_SRC/boards/$BOARD/qemu-boot.conf
[ -f "$conf" ] || skip "board $BOARD has no emulated machine (no boards/$BOARD/qemu-boot.conf)"
BOOT_EXPECT=load BOOT_RUN="counter 5
tpcount 5" QEMU_SYSTEM=
. "$conf"
command -v "$QEMU_SYSTEM" >/dev/null || skip "$QEMU_SYSTEM is not installed (make deps-cross)"
[ -x "$BUILD/tests/board/init" ] || fail "$BUILD/tests/board/init was not built"
if ! kdir=$("$TINYSKEL_SRC/scripts/qemu-kernel.sh" "$KERNEL_META" 2>&1); then
	echo "$kdir"
	skip "cannot fetch the kernel $KERNEL_META (offline?)"
fi

mkdir -p "$BUILD/boot"
"$TINYSKEL_SRC/scripts/qemu-boot.sh" "$BOARD" "$BUILD" >/dev/null 2>"$BUILD/boot/stderr" ||
	{ cat "$BUILD/boot/stderr"; tail -n 30 "$BUILD/boot/console.log"; fail "the machine did not reach the end of /init"; }
log=$BUILD/boot/console.log
# What the test judges: init's lines and the programs' own output.
sed -n '/Run \/init as init process/,$p' "$log" | grep -v '^\[ *[0-9.]*\] reboot'

programs=$(printf '%s\n' "$BOOT_RUN" | grep -cv '^\s*\(#\|$\)')
case $BOOT_EXPECT in
load)
	want="TINYSKEL-BOOT: PASS $programs/$programs"
	grep -q "^$want" "$log" || fail "expected '$want', got '$(grep '^TINYSKEL-BOOT:' "$log")'"
	;;
policy)
	want="TINYSKEL-BOOT: FAIL 0/$programs"
	grep -q "^$want" "$log" || fail "expected '$want' (every load refused), got '$(grep '^TINYSKEL-BOOT:' "$log")'"
	refused=$(grep -c 'step policy: policy requires a verified signature' "$log")
	[ "$refused" = "$programs" ] || fail "expected $programs refusals at step policy, got $refused"
	;;
*) fail "unknown BOOT_EXPECT=$BOOT_EXPECT in $conf" ;;
esac
echo "boot on $(cat "$kdir/package"): $BOOT_EXPECT as expected"
