#!/usr/bin/env bash
# ksyscall/kretsyscall (and kprobe.multi where the kernel has fprobe) for
# real, on kernels with kprobes: tests/kernel/kprobes_test.c, built static
# with musl for each board, runs from tests/board/init.c as the guest of
#   x86_64-musl   shared/kernels/bzImage-6.18.35-chain   (__x64_sys_ names)
#   qemu-arm64    Debian 12's arm64 kernel               (__arm64_sys_ names)
#   qemu-armv7    Debian 12's armmp kernel               (no wrapper: sys_ names)
#   x86_64-musl   Debian 12's 6.12 amd64 kernel          (CONFIG_FPROBE: kprobe.multi counts)
# under qemu-system.  This machine's kernel has no kprobes, so this is where
# the counts and each architecture's syscall symbol convention are proven.
# A guest that cannot be booted here (no qemu, no kernel) is skipped alone.
set -u
. "$(dirname "$0")/lib.bash"
kernels=${TINYSKEL_VM_KERNELS:-$src/../shared/kernels}
fail=0 ran=0

# boot NAME QEMU MACHINE-ARGS... -- KERNEL CONSOLE: boot the initramfs of
# $out, stop QEMU at init's final marker (tiny kernels cannot power off).
boot() {
	local qemu=$1 kernel=$2 console=$3 qpid
	shift 3
	qemu_log=$out/console.log
	"$qemu" "$@" -m 512 -nographic -no-reboot -nic none -kernel "$kernel" -initrd "$out/initramfs.cpio" \
		-append "console=$console panic=-1 quiet" </dev/null >"$qemu_log" 2>&1 &
	qpid=$!
	for _ in $(seq 1 300); do
		grep -q '^TINYSKEL-BOOT: ' "$qemu_log" 2>/dev/null && break
		kill -0 $qpid 2>/dev/null || break
		sleep 1
	done
	kill $qpid 2>/dev/null
	wait $qpid 2>/dev/null
}

# guest BOARD EXPECT-LINE: build, boot, judge.
guest() {
	local board=$1 expect=$2 mb=$src/build/$1 qemu kernel console cpu=() meta conf
	out=$src/build/$1/tests/vm-kprobes
	if [ "$board" = x86_64-musl ] && [ -n "${3:-}" ]; then
		qemu=qemu-system-x86_64 kernel=$3 console=ttyS0
	elif [ "$board" = x86_64-musl ]; then
		qemu=qemu-system-x86_64 kernel=$kernels/bzImage-6.18.35-chain console=ttyS0
		[ -f "$kernel" ] || { echo "SKIP $board: no VM kernel at $kernel"; return; }
	else
		conf=$src/boards/$board/qemu-boot.conf
		QEMU_SYSTEM= QEMU_CPU= KERNEL_META=
		# shellcheck source=/dev/null
		. "$conf"
		qemu=$QEMU_SYSTEM console=ttyAMA0 cpu=(-M virt -cpu "$QEMU_CPU") meta=$KERNEL_META
		kdir=$("$src/scripts/qemu-kernel.sh" "$meta" 2>/dev/null) || { echo "SKIP $board: cannot fetch $meta"; return; }
		kernel=$kdir/Image
	fi
	command -v "$qemu" >/dev/null || { echo "SKIP $board: no $qemu"; return; }
	mkdir -p "$src/build/$board" # a fresh clone: the board has not been built yet
	make -s -C "$src" BOARD="$board" "build/$board/tests/board/init" "build/$board/tests/vm/kprobes_test" \
		>"$src/build/$board/vm-kprobes-build.log" 2>&1 || { echo "FAIL $board: build (see vm-kprobes-build.log)"; fail=1; return; }
	rm -rf "$out" && mkdir -p "$out/root/bin" "$out/root/etc"
	cp "$mb/tests/board/init" "$out/root/init"
	cp "$mb/tests/vm/kprobes_test" "$out/root/bin/"
	printf 'kprobes_test 25\nkprobes_test 1000\n' > "$out/root/etc/tinyskel-boot"
	(cd "$out/root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) > "$out/initramfs.cpio"
	boot "$qemu" "$kernel" "$console" "${cpu[@]}"
	echo "== $board"
	grep -E 'tinyskel-init: kernel|ksyscall|kprobe.multi|RESULT|TINYSKEL-BOOT|check' "$qemu_log"
	ran=$((ran + 1))
	grep -q '^TINYSKEL-BOOT: PASS 2/2' "$qemu_log" || { echo "FAIL $board: not every guest run passed"; fail=1; }
	grep -q "$expect" "$qemu_log" || { echo "FAIL $board: no '$expect'"; fail=1; }
}

guest x86_64-musl 'ksyscall getppid x1000: entry 1000, return 1000 -> exact'
guest qemu-arm64 'ksyscall getppid x1000: entry 1000, return 1000 -> exact'
guest qemu-armv7 'ksyscall getppid x1000: entry 1000, return 1000 -> exact'
# Debian's 6.12 has fprobe, so kprobe.multi attaches and counts there.
TINYSKEL_SRC=${TINYSKEL_SRC:-$src}
. "$src/tests/vm/debian_fetch.bash"
deb612=$(debian_fetch '^linux-image-6\.12\.[0-9]+\+deb12-amd64-unsigned$' '-6\.12\.')
if [ -n "$deb612" ] && [ -f "$deb612" ]; then
	guest x86_64-musl 'kprobe.multi getppid+getpid x1000: 2000 -> exact' "$deb612"
else
	echo "SKIP x86_64-musl on Debian 6.12: cannot fetch linux-image-6.12.*+deb12-amd64-unsigned"
fi
# A guest that failed to build or boot is a failure, never hidden by a skip.
[ $fail = 0 ] || exit 1
[ $ran = 0 ] && { echo "no guest could be booted here"; exit 77; }
exit 0
