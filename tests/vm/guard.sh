#!/usr/bin/env bash
# The device's BPF guard (guard/, docs/guard.md) on Debian's own kernels,
# 6.18 LTS and 7.3, amd64 (and arm64 where the VM layer can boot it), under
# qemu: /init (tests/vm/guardtest.c) execs the product's boot path
# (tinyskel-guard boot: trusted keyring, signed guard loaded, frozen,
# attached, pinned), then plays a root attacker and checks the guard's
# counters and event log against what it did, exactly.  Kernels come from
# /work/notes-style lists or TINYSKEL_DEBIAN_KERNELS (lines "VERSION ARCH
# VMLINUZ ..."), default /var/cache/tinyskel/debian/kernels.txt, written by
# the Debian-kernel fetcher (tests/vm/debian_fetch.bash); a missing kernel
# is a SKIP naming it.
. "$(dirname "$0")/lib.bash"

list=${TINYSKEL_DEBIAN_KERNELS:-}
for l in "$list" /var/cache/tinyskel/debian/kernels.txt /work/notes/debian-kernels.txt; do
	[ -n "$l" ] && [ -f "$l" ] && { list=$l; break; }
done
[ -n "$list" ] && [ -f "$list" ] || skip "no list of Debian kernels (TINYSKEL_DEBIAN_KERNELS)"

GUARD_OUT=$VM_OUT/guard
mkdir -p "$GUARD_OUT"

# guard_initramfs ARCH BUILDDIR: /init = guardtest, /tinyskel-guard, /certs.
guard_initramfs() {
	local arch=$1 bin=$2 root=$GUARD_OUT/root-$1 out=$GUARD_OUT/initramfs-$1.cpio c
	[ -x "$bin/guardtest" ] && [ -x "$bin/tinyskel-guard" ] || return 1
	if [ "$out" -nt "$bin/guardtest" ] && [ "$out" -nt "$bin/tinyskel-guard" ]; then
		echo "$out"
		return 0
	fi
	rm -rf "$root"
	mkdir -p "$root/certs" "$root/dev" "$root/proc" "$root/sys"
	cp "$bin/guardtest" "$root/init"
	cp "$bin/tinyskel-guard" "$root/tinyskel-guard"
	for c in rsa2048 other-rsa2048; do
		openssl x509 -in "$KEYS/$c.crt.pem" -outform DER -out "$root/certs/$c.der"
	done
	(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$out"
	echo "$out"
}

# guard_boot NAME ARCH VMLINUZ INITRAMFS
guard_boot() {
	local name=$1 arch=$2 image=$3 initrd=$4 log=$GUARD_OUT/$1.log qemu flags console
	case $arch in
	amd64) qemu=qemu-system-x86_64 flags="-accel tcg -cpu max" console=ttyS0 ;;
	arm64) qemu=qemu-system-aarch64 flags="-M virt -accel tcg -cpu max" console=ttyAMA0 ;;
	esac
	echo "== $name: $(basename "$(dirname "$image")") under $qemu (TCG)"
	# shellcheck disable=SC2086
	timeout "$BOOT_TIMEOUT" $qemu $flags -m 1024 -nographic -no-reboot -nic none -kernel "$image" \
		-initrd "$initrd" -append "console=$console panic=-1 quiet no_timer_check" </dev/null >"$log" 2>&1
	tr -d '\r' <"$log" | grep -E '^(CASE|COUNT|EVENT|GUARD|TSK-VM|tinyskel-guard)' >"$log.lines"
	grep -E 'BAD|^TSK-VM|^tinyskel-guard|^COUNT' "$log.lines"
	grep -q '^TSK-VM: PASS' "$log.lines" && return 0
	grep -q '^TSK-VM:' "$log.lines" || tail -n 30 "$log"
	return 1
}

failed="" missing="" ran=0
# GUARD_KERNELS="6.18/amd64 ..." runs a subset.
for want in ${GUARD_KERNELS:-6.18/amd64 7.3/amd64 6.18/arm64 7.3/arm64}; do
	set -- ${want%/*} ${want#*/}
	line=$(awk -v v="$1" -v a="$2" 'index($1, v ".") == 1 && $2 == a { print }' "$list" | sort -V | tail -n 1)
	img=$(echo "$line" | awk '{ print $3 }')
	if [ -z "$img" ] || [ ! -f "$img" ]; then
		missing="$missing $1/$2"
		continue
	fi
	if [ "$2" = amd64 ]; then
		bin=$VM_OUT
	else
		bin=$TINYSKEL_SRC/build/qemu-arm64/tests/vm
		command -v qemu-system-aarch64 >/dev/null || { missing="$missing $1/$2(qemu)"; continue; }
	fi
	initrd=$(guard_initramfs "$2" "$bin") || { missing="$missing $1/$2(make BOARD=qemu-arm64 guard-vm)"; continue; }
	ran=$((ran + 1))
	guard_boot "guard-$1-$2" "$2" "$img" "$initrd" || failed="$failed $1/$2"
done
[ -z "$failed" ] || fail "the guard failed on$failed (see $GUARD_OUT/*.log)"
[ $ran -gt 0 ] || skip "no Debian 6.18/7.3 kernel found in $list:$missing"
[ -z "$missing" ] || skip "passed on $ran kernels; not run:$missing"
echo "the guard held on $ran Debian kernels"
