#!/usr/bin/env bash
# The device's BPF guard (guard/, docs/guard.md) on Debian's own kernels,
# 6.18 LTS and 7.3, amd64 (and arm64 where the VM layer can boot it), under
# qemu: /init (tests/vm/guardtest.c) execs the product's boot path
# (tinyskel-guard boot: trusted keyring, signed guard loaded, frozen,
# attached, pinned), then plays a root attacker and checks the guard's
# counters and event log against what it did, exactly.  Kernels: Debian's
# trixie-backports images (guard_kernel below), never installed, cached
# outside the clone; a missing kernel is a SKIP naming it.
# GUARD_KERNELS="6.18/amd64 7.3/arm64" boots only those; GUARD_STAGE2=/guardctx
# runs tests/vm/guard_ctx.c after the guard instead (tests/vm/guard_ctx.sh).
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/debian_fetch.bash"

# guard_kernel LINE FLAVOUR: the newest cached Debian kernel of LINE (6.18,
# 7.3) for FLAVOUR: tests/vm/debian_fetch.bash's debian_bpo_fetch where it
# exists (it fetches), else its cache, else a list TINYSKEL_DEBIAN_KERNELS
# ("VERSION FLAVOUR VMLINUZ" lines).
guard_kernel() {
	local img=""
	if declare -f debian_bpo_fetch >/dev/null; then
		img=$(debian_bpo_fetch "$1" "$2" 2>/dev/null)
	fi
	[ -n "$img" ] && [ -f "$img" ] || img=$(ls "${TINYSKEL_KERNEL_CACHE:-/var/cache/tinyskel/debian}"/bpo/"$1".*-"$2"/vmlinuz \
		2>/dev/null | sort -V | tail -n 1)
	if { [ -z "$img" ] || [ ! -f "$img" ]; } && [ -f "${TINYSKEL_DEBIAN_KERNELS:-}" ]; then
		img=$(awk -v v="$1" -v a="$2" 'index($1, v ".") == 1 && $2 == a { print $3 }' "$TINYSKEL_DEBIAN_KERNELS" |
			sort -V | tail -n 1)
	fi
	echo "$img"
}

GUARD_OUT=$VM_OUT/guard
mkdir -p "$GUARD_OUT"

# guard_initramfs ARCH BUILDDIR: /init = guardtest, /tinyskel-guard, /certs.
guard_initramfs() {
	local arch=$1 bin=$2 root=$GUARD_OUT/root-$1 out=$GUARD_OUT/initramfs-$1.cpio c
	[ -x "$bin/guardtest" ] && [ -x "$bin/tinyskel-guard" ] || return 1
	if [ "$out" -nt "$bin/guardtest" ] && [ "$out" -nt "$bin/tinyskel-guard" ] &&
		{ [ ! -e "$bin/guardctx" ] || [ "$out" -nt "$bin/guardctx" ]; }; then
		echo "$out"
		return 0
	fi
	rm -rf "$root"
	mkdir -p "$root/certs" "$root/dev" "$root/proc" "$root/sys"
	cp "$bin/guardtest" "$root/init"
	cp "$bin/tinyskel-guard" "$root/tinyskel-guard"
	[ -x "$bin/guardctx" ] && cp "$bin/guardctx" "$root/guardctx"
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
		-initrd "$initrd" -append "console=$console panic=-1 quiet no_timer_check${GUARD_STAGE2:+ tsk.stage2=$GUARD_STAGE2}" \
		</dev/null >"$log" 2>&1
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
	img=$(guard_kernel "$1" "$2")
	if [ -z "$img" ] || [ ! -f "$img" ]; then
		missing="$missing $1/$2"
		continue
	fi
	if [ "$2" = amd64 ]; then
		bin=$VM_OUT
	else
		bin=$TINYSKEL_SRC/build/qemu-arm64/tests/vm
		command -v qemu-system-aarch64 >/dev/null || { missing="$missing $1/$2(qemu)"; continue; }
		# The arm64 pair, static musl (a fresh clone has not built it).
		make -s -C "$TINYSKEL_SRC" BOARD=qemu-arm64 guard-vm >"$GUARD_OUT/build-arm64.log" 2>&1 ||
			tail -n 20 "$GUARD_OUT/build-arm64.log"
	fi
	initrd=$(guard_initramfs "$2" "$bin") || { missing="$missing $1/$2(make BOARD=qemu-arm64 guard-vm)"; continue; }
	ran=$((ran + 1))
	guard_boot "guard${GUARD_STAGE2:+-${GUARD_STAGE2#/}}-$1-$2" "$2" "$img" "$initrd" || failed="$failed $1/$2"
done
[ -z "$failed" ] || fail "the guard failed on$failed (see $GUARD_OUT/*.log)"
[ $ran -gt 0 ] || skip "no Debian 6.18/7.3 kernel cached or fetched:$missing"
[ -z "$missing" ] || skip "passed on $ran kernels; not run:$missing"
echo "the guard held on $ran Debian kernels"
