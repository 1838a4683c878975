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
# Another machine than x86-64 (tests/vm/mips_malta.sh): its qemu, machine
# flags (replacing the x86 accelerator choice) and memory.
VM_QEMU=${VM_QEMU:-qemu-system-x86_64}
VM_QEMU_ARGS=${VM_QEMU_ARGS:-}
VM_MEM=${VM_MEM:-512}

command -v "$VM_QEMU" >/dev/null || skip "$VM_QEMU is not installed (make deps-vm)"
[ -x "$VMTEST" ] || fail "$VMTEST was not built (make test-build)"

# The initramfs (cpio newc): /init = vmtest, /certs/NAME.der for the keyring.
vm_initramfs() {
	local root=$VM_OUT/root c
	[ "$VM_OUT/initramfs.cpio" -nt "$VMTEST" ] && return 0
	rm -rf "$root"
	mkdir -p "$root/certs" "$root/dev" "$root/proc" "$root/sys"
	cp "$VMTEST" "$root/init"
	for c in rsa2048 rsa3072 rsa4096 p256 p384 p256-noski rsa2048-noski; do
		openssl x509 -in "$KEYS/$c.crt.pem" -outform DER -out "$root/certs/$c.der"
	done
	(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) > "$VM_OUT/initramfs.cpio"
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
	local accel=$1 image=$2 append=$3 log=$4 t=$5 flags="-accel tcg -cpu max"
	[ "$accel" = kvm ] && flags="-enable-kvm"
	[ -n "$VM_QEMU_ARGS" ] && flags=$VM_QEMU_ARGS
	# shellcheck disable=SC2086
	timeout "$t" "$VM_QEMU" $flags -m "$VM_MEM" -nographic -no-reboot -nic none \
		-kernel "$image" -initrd "$VM_OUT/initramfs.cpio" -append "$append" </dev/null >"$log" 2>&1
}

# vm_boot NAME BZIMAGE VERIFY LAYOUT: boot, write $VM_OUT/NAME.log and
# $VM_OUT/NAME.matrix; 0 when /init printed TSK-VM: PASS.
vm_boot() {
	local name=$1 image=$2 verify=$3 layout=$4 log=$VM_OUT/$1.log rc=0 accel
	vm_initramfs
	accel=$(vm_accel)
	echo "== $name: $(basename "$image") (expects verify=${verify:-?} layout=$layout; qemu $accel)"
	local append="console=ttyS0 panic=-1 quiet tsk.layout=$layout${verify:+ tsk.verify=$verify}"
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
