#!/usr/bin/env bash
# ksyscall/kretsyscall (and kprobe.multi where the kernel has fprobe) for
# real, on a kernel with kprobes: tests/kernel/kprobes_test.c built static
# with musl (x86_64-musl board) runs as a guest of a 6.18 VM kernel from
# shared/kernels under qemu-system-x86_64, from tests/board/init.c.
# This machine's kernel has no kprobes, so this is where the counts are proven.
set -u
. "$(dirname "$0")/lib.bash"
kernels=${TINYSKEL_VM_KERNELS:-$src/../shared/kernels}
kernel=$kernels/bzImage-6.18.35-chain
[ -f "$kernel" ] || { echo "no VM kernel at $kernel (set TINYSKEL_VM_KERNELS)"; exit 77; }
command -v qemu-system-x86_64 >/dev/null || { echo "needs qemu-system-x86_64 (qemu-system-x86)"; exit 77; }
command -v musl-gcc >/dev/null || { echo "needs musl-gcc"; exit 77; }
[ "$(uname -m)" = x86_64 ] || { echo "the VM kernels are x86_64"; exit 77; }
mb=$src/build/x86_64-musl
out=$build/tests/vm-kprobes
make -s -C "$src" BOARD=x86_64-musl lib "build/x86_64-musl/tests/board/init" >/dev/null ||
	{ echo "FAIL: x86_64-musl build"; exit 1; }
[ -f "$build/tests/kernel-gen/kprobes.lskel.h" ] || { echo "FAIL: no kprobes.lskel.h (make test-build)"; exit 1; }
rm -rf "$out" && mkdir -p "$out/root/bin" "$out/root/etc"
musl-gcc -std=c11 -Wall -Wextra -Werror -Os -static -I"$src/include" -include "$mb/include/tinyskel_config.h" \
	-I"$src/tests/unit" -I"$build/tests/kernel-gen" -o "$out/root/bin/kprobes_test" \
	"$src/tests/kernel/kprobes_test.c" "$mb/libtinyskel.a" || { echo "FAIL: static build"; exit 1; }
cp "$mb/tests/board/init" "$out/root/init"
printf 'kprobes_test 25\nkprobes_test 1000\n' > "$out/root/etc/tinyskel-boot"
(cd "$out/root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) > "$out/initramfs.cpio"
# TCG: KVM on this machine is nested and refuses some guest MSR writes; the guest boots in seconds.
# The tiny kernel has no ACPI, so init's power-off does not end QEMU: stop it at init's marker.
qemu-system-x86_64 -m 512 -nographic -no-reboot -nic none -kernel "$kernel" \
	-initrd "$out/initramfs.cpio" -append "console=ttyS0 panic=-1 quiet" </dev/null >"$out/console.log" 2>&1 &
qpid=$!
for _ in $(seq 1 180); do
	grep -q '^TINYSKEL-BOOT: ' "$out/console.log" 2>/dev/null && break
	kill -0 $qpid 2>/dev/null || break
	sleep 1
done
kill $qpid 2>/dev/null
wait $qpid 2>/dev/null
grep -E 'tinyskel-init: kernel|ksyscall|kprobe.multi|RESULT|TINYSKEL-BOOT|check' "$out/console.log"
fail=0
grep -q '^TINYSKEL-BOOT: PASS 2/2' "$out/console.log" || { echo "FAIL: not every guest run passed"; fail=1; }
grep -q 'ksyscall getppid x1000: entry 1000, return 1000 -> exact' "$out/console.log" ||
	{ echo "FAIL: ksyscall not counted exactly in the guest"; fail=1; }
exit $fail
