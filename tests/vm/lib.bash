# tests/vm/lib.bash - sourced by tests/vm/*.sh (run by `make check` through
# tests/run.sh with BUILD and TINYSKEL_SRC in the environment): boot one
# kernel with tests/vm/vmtest.c as /init and judge its console.
set -u
: "${BUILD:?run through make check}" "${TINYSKEL_SRC:?}"

skip() { echo "$*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }

VM_OUT=$BUILD/tests/vm
VMTEST=$VM_OUT/vmtest
KEYS=$TINYSKEL_SRC/tests/fixtures/keys
BOOT_TIMEOUT=${BOOT_TIMEOUT:-300}

command -v qemu-system-x86_64 >/dev/null || skip "qemu-system-x86_64 is not installed (make deps-vm)"
[ -x "$VMTEST" ] || fail "$VMTEST was not built (make test-build)"

# The guest's architecture (vm_arch): amd64 (default, the host board's
# vmtest), arm64 (qemu-arm64 board, qemu-system-aarch64 -M virt -cpu max)
# or armv7 (qemu-armv7 board, qemu-system-arm -M virt -cpu cortex-a15);
# the ARM ones always run under TCG.
VM_ARCH=amd64 VM_INITRAMFS=$VM_OUT/initramfs.cpio
vm_arch() {
	VM_ARCH=$1
	case $1 in
	amd64) VMTEST=$VM_OUT/vmtest VM_INITRAMFS=$VM_OUT/initramfs.cpio ;;
	arm64) VMTEST=$TINYSKEL_SRC/build/qemu-arm64/tests/vm/vmtest VM_INITRAMFS=$VM_OUT/initramfs-arm64.cpio ;;
	armv7) VMTEST=$TINYSKEL_SRC/build/qemu-armv7/tests/vm/vmtest VM_INITRAMFS=$VM_OUT/initramfs-armv7.cpio ;;
	*) fail "vm_arch: unknown architecture $1" ;;
	esac
}

# The initramfs (cpio newc): /init = vmtest, /certs/NAME.der for the keyring.
vm_initramfs() {
	local root=$VM_OUT/root-$VM_ARCH c
	[ "$VM_INITRAMFS" -nt "$VMTEST" ] && return 0
	rm -rf "$root"
	mkdir -p "$root/certs" "$root/dev" "$root/proc" "$root/sys"
	cp "$VMTEST" "$root/init"
	for c in rsa2048 rsa3072 rsa4096 p256 p384 p256-noski rsa2048-noski; do
		openssl x509 -in "$KEYS/$c.crt.pem" -outform DER -out "$root/certs/$c.der"
	done
	(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) > "$VM_INITRAMFS"
}

# KVM when /dev/kvm works, otherwise TCG (same results; these boots take
# seconds under TCG too).  "Works" is judged by the first boot: a nested
# KVM can exist and still crawl (seen on this project's CI machine: a 6.18
# bzImage under -enable-kvm did not reach /init in 60 s, under TCG in 2 s),
# so a KVM boot that does not finish within KVM_TIMEOUT is retried under
# TCG and the choice is kept in $VM_OUT/accel for later runs.
KVM_TIMEOUT=${KVM_TIMEOUT:-30}
vm_accel() {
	if [ -n "${TINYSKEL_VM_ACCEL:-}" ]; then
		echo "$TINYSKEL_VM_ACCEL"
	elif [ -f "$VM_OUT/accel" ]; then
		cat "$VM_OUT/accel"
	elif [ -w /dev/kvm ]; then
		echo kvm
	else
		echo tcg
	fi
}

# qemu_run ACCEL IMAGE APPEND LOG TIMEOUT
qemu_run() {
	local accel=$1 image=$2 append=$3 log=$4 t=$5 qemu=qemu-system-x86_64 flags="-accel tcg -cpu max"
	[ "$accel" = kvm ] && flags="-enable-kvm"
	case $VM_ARCH in
	arm64) qemu=qemu-system-aarch64 flags="-M virt -accel tcg -cpu max" ;;
	armv7) qemu=qemu-system-arm flags="-M virt -accel tcg -cpu cortex-a15" ;;
	esac
	# shellcheck disable=SC2086
	timeout "$t" $qemu $flags -m 512 -nographic -no-reboot -nic none \
		-kernel "$image" -initrd "$VM_INITRAMFS" -append "$append" </dev/null >"$log" 2>&1
}

# vm_boot NAME BZIMAGE VERIFY LAYOUT: boot, write $VM_OUT/NAME.log and
# $VM_OUT/NAME.matrix; 0 when /init printed TSK-VM: PASS.
vm_boot() {
	local name=$1 image=$2 verify=$3 layout=$4 log=$VM_OUT/$1.log rc=0 accel
	vm_initramfs
	accel=$(vm_accel)
	[ "$VM_ARCH" = amd64 ] || accel=tcg
	echo "== $name: $(basename "$image") (expects verify=${verify:-?} layout=$layout; qemu $VM_ARCH $accel)"
	# no_timer_check: on a loaded host a TCG guest can miss the IO-APIC
	# timer check and panic ("IO-APIC + timer doesn't work", seen with
	# Debian's 6.18.15 while other guests ran).
	local console="ttyS0 no_timer_check"
	[ "$VM_ARCH" = amd64 ] || console=ttyAMA0
	local append="console=$console panic=-1 quiet tsk.layout=$layout${verify:+ tsk.verify=$verify}"
	local booted=0
	rm -f "$log"
	if [ "$accel" = kvm ] && [ ! -f "$VM_OUT/accel" ]; then
		if qemu_run kvm "$image" "$append" "$log" "$KVM_TIMEOUT" && tr -d '\r' <"$log" | grep -q '^TSK-VM: \(PASS\|FAIL\)'; then
			echo kvm >"$VM_OUT/accel"
			booted=1
		else
			echo "   KVM boot did not finish within ${KVM_TIMEOUT}s: TCG from now on ($VM_OUT/accel)"
			echo tcg >"$VM_OUT/accel"
			accel=tcg
		fi
	fi
	if [ $booted = 0 ]; then
		qemu_run "$accel" "$image" "$append" "$log" "$BOOT_TIMEOUT"
		rc=$?
		# A guest that died before /init printed anything (a kernel
		# panic while booting, not a verdict) gets one more boot.
		if [ $rc != 124 ] && ! tr -d '\r' <"$log" | grep -q '^TSK-VM: '; then
			echo "   /init never started (qemu exit $rc): booting once more"
			mv "$log" "$log.first"
			qemu_run "$accel" "$image" "$append" "$log" "$BOOT_TIMEOUT"
			rc=$?
		fi
	fi
	tr -d '\r' <"$log" | grep -E '^(SETUP|PROBE|CASE|MATRIX|TSK-VM)' | tee "$log.lines" | grep -E 'BAD|^PROBE |^MATRIX|^TSK-VM'
	{
		echo "| $name | $(grep '^MATRIX chain ' "$log.lines" | cut -d' ' -f3-) | $(grep '^MATRIX loadtime ' "$log.lines" | cut -d' ' -f3-) | $(grep '^MATRIX inloader ' "$log.lines" | cut -d' ' -f3-) |"
	} >"$VM_OUT/$name.matrix"
	if ! grep -q '^TSK-VM: PASS' "$log.lines"; then
		grep -q '^TSK-VM:' "$log.lines" || { tail -n 30 "$log"; echo "qemu exit $rc: /init never finished"; }
		return 1
	fi
	return 0
}
