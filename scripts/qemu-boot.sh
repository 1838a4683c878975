#!/usr/bin/env bash
# Boot a board's static binaries on a real Debian kernel under qemu-system.
#
#   scripts/qemu-boot.sh BOARD BUILD_DIR [EXTRA_KERNEL_ARGS...]
#
# BOARD names boards/BOARD/qemu-boot.conf (machine, CPU, kernel package,
# programs to run).  BUILD_DIR is the board's build (build/BOARD) holding
# tests/board/init and examples/NAME/NAME.  The initramfs (cpio newc) has:
#   /init                  tests/board/init.c: mounts proc, sys, tracefs, bpffs,
#                          runs each line of /etc/tinyskel-boot, powers off
#   /bin/NAME              every example of the board
#   /etc/tinyskel-boot     BOOT_RUN from the conf ("counter 5" per line)
# The console goes to stdout and to BUILD_DIR/boot/console.log.  Exit status:
# 0 when init printed its TINYSKEL-BOOT marker (whatever the programs did;
# the caller judges the RESULT lines), 1 when the machine never got there
# (kernel did not boot, init crashed, timeout).
#
# Example: try the armv7 kernel's JIT (off by default in Debian):
#   scripts/qemu-boot.sh qemu-armv7 build/qemu-armv7 tinyskel.jit=1
set -eu

board=${1:?usage: qemu-boot.sh BOARD BUILD_DIR [KERNEL_ARGS...]}
build=${2:?usage: qemu-boot.sh BOARD BUILD_DIR [KERNEL_ARGS...]}
shift 2
src=$(cd "$(dirname "$0")/.." && pwd)
conf=$src/boards/$board/qemu-boot.conf
[ -f "$conf" ] || { echo "qemu-boot: $conf does not exist (board has no emulated machine)" >&2; exit 1; }

# Defaults, overridden by the conf.
QEMU_SYSTEM= QEMU_MACHINE=virt QEMU_CPU= QEMU_MEM=512 CONSOLE=ttyAMA0 KERNEL_META=
BOOT_RUN="counter 5
tpcount 5"
BOOT_TIMEOUT=${BOOT_TIMEOUT:-240}
# shellcheck source=/dev/null
. "$conf"

command -v "$QEMU_SYSTEM" >/dev/null || { echo "qemu-boot: $QEMU_SYSTEM not installed (make deps-cross)" >&2; exit 1; }
kdir=$("$src/scripts/qemu-kernel.sh" "$KERNEL_META")

out=$build/boot
rm -rf "$out/root"
mkdir -p "$out/root/bin" "$out/root/etc" "$out/root/dev" "$out/root/proc" "$out/root/sys"
cp "$build/tests/board/init" "$out/root/init"
for prog in "$build"/examples/*/; do
	name=$(basename "$prog")
	[ -x "$prog/$name" ] && cp "$prog/$name" "$out/root/bin/"
done
printf '%s\n' "$BOOT_RUN" > "$out/root/etc/tinyskel-boot"
(cd "$out/root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) > "$out/initramfs.cpio"

echo "qemu-boot: $(cat "$kdir/package") on $QEMU_SYSTEM -M $QEMU_MACHINE -cpu $QEMU_CPU"
set +e
# -nic none: the default NIC wants an option ROM (efi-virtio.rom) we do not need.
timeout "$BOOT_TIMEOUT" "$QEMU_SYSTEM" -M "$QEMU_MACHINE" -cpu "$QEMU_CPU" -m "$QEMU_MEM" \
	-nographic -nic none -no-reboot \
	-kernel "$kdir/Image" -initrd "$out/initramfs.cpio" \
	-append "console=$CONSOLE panic=-1 $*" </dev/null 2>&1 | tee "$out/console.log"
rc=${PIPESTATUS[0]}
set -e
if ! grep -q '^TINYSKEL-BOOT: ' "$out/console.log"; then
	[ "$rc" = 124 ] && echo "qemu-boot: timed out after ${BOOT_TIMEOUT}s" >&2
	echo "qemu-boot: no TINYSKEL-BOOT marker on the console (qemu exit $rc)" >&2
	exit 1
fi
exit 0
