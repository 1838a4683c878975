#!/usr/bin/env bash
# The VM layer on the kernels users run: Debian's own 6.18 LTS and 7.x
# kernels from trixie-backports, for amd64 (qemu-system-x86_64), arm64
# (qemu-arm64 board, qemu-system-aarch64 -M virt -cpu max) and armv7
# (qemu-armv7 board: the armmp flavour, qemu-system-arm -M virt -cpu
# cortex-a15).  tests/vm/vmtest.c is /init: the probe answers, the scheme
# picked, every scheme verified or refused with errno, step and reason,
# counts exact, every refusal, fds and mappings unchanged, and the .bpf
# keyring (-9) answer.
#
# Two files beside this script hold each kernel line's measured facts:
#   debian_backports.facts     LINE FLAVOUR VERIFY LAYOUT: what vmtest.c
#                              is told the kernel verifies (it judges)
#   debian_backports.expected  every PROBE/SETUP/CASE line of the last
#                              measured run per kernel line, reasons
#                              stripped (errno, step, scheme, counts kept)
# A kernel whose behaviour moves (a new 6.18.y or 7.3.y that verifies
# differently, answers another errno, or picks another scheme) fails here.
# TINYSKEL_VM_RECORD=1 rewrites the .expected lines of the kernels booted
# (measure, then review the diff and commit it).
#
# Kernels: tests/vm/debian_fetch.bash (private apt configuration, cached in
# /var/cache/tinyskel/debian, never installed).  Offline, the cached ones
# run and the missing ones are a SKIP naming them.
# TINYSKEL_DEBIAN_ONLY="6.18-amd64 7.3-arm64" boots only those.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/debian_fetch.bash"

here=$TINYSKEL_SRC/tests/vm
facts=$here/debian_backports.facts
expected=$here/debian_backports.expected
record=${TINYSKEL_VM_RECORD:-}
only=${TINYSKEL_DEBIAN_ONLY:-}

# The lines vmtest prints that are facts of the kernel, reasons stripped:
# "CASE what scheme key -> refused ERR (n) at STEP: reason  OK" becomes
# "CASE what scheme key -> refused ERR at STEP".  Reasons are tinyskel's
# words (judged by vmtest.c), not the kernel's: they may be reworded.
normalize() {
	tr -d '\r' <"$1" | grep -E '^(SETUP|PROBE rc|CASE)' |
		sed -E 's/ +/ /g; s/ \(-?[0-9]+\) at / at /; s/ at ([a-z ]+): .*/ at \1/; s/ (OK|INFO|BAD:.*)$//'
}

flavour_arch() {
	case $1 in
	amd64) echo amd64 ;;
	arm64) echo arm64 ;;
	armmp) echo armv7 ;;
	esac
}

# The guests' /init for the ARM boards (a fresh clone has not built them).
build_board() {
	local board=$1 log=$VM_OUT/build-$1.log
	[ -n "${built[$board]:-}" ] && return "${built[$board]}"
	mkdir -p "$TINYSKEL_SRC/build/$board"
	if make -s -C "$TINYSKEL_SRC" BOARD="$board" "build/$board/tests/vm/vmtest" >"$log" 2>&1; then
		built[$board]=0
	else
		tail -n 20 "$log"
		built[$board]=1
	fi
	return "${built[$board]}"
}
declare -A built

# Two guests at a time (TCG runs one vCPU per qemu; this is a 2-core
# machine): TINYSKEL_VM_JOBS overrides.  A KVM machine whose choice is not
# yet made (lib.bash's first-boot trial) boots one at a time.
njobs=${TINYSKEL_VM_JOBS:-2}
[ "$(vm_accel)" = kvm ] && [ ! -f "$VM_OUT/accel" ] && njobs=1

failed="" missing="" unjudged=""
booted=() # key version flavour arch image verify layout
while read -r line flavour verify layout; do
	case $line in '#'* | '') continue ;; esac
	key=$line-$flavour
	if [ -n "$only" ] && ! grep -qw -- "$key" <<<"$only"; then
		continue
	fi
	arch=$(flavour_arch "$flavour")
	case $arch in
	arm64) qemu=qemu-system-aarch64 board=qemu-arm64 cross=aarch64-linux-gnu musl=aarch64-linux-musl ;;
	armv7) qemu=qemu-system-arm board=qemu-armv7 cross=arm-linux-gnueabihf musl=arm-linux-musleabihf ;;
	*) qemu=qemu-system-x86_64 board= ;;
	esac
	if ! command -v "$qemu" >/dev/null; then
		missing="$missing $key(no $qemu: make deps-vm)"
		continue
	fi
	if [ -n "$board" ] && { ! command -v "$cross-gcc" >/dev/null || [ ! -f "/usr/lib/$musl/libc.a" ]; }; then
		missing="$missing $key(no $cross-gcc or its musl: make deps-cross)"
		continue
	fi
	set -- $(debian_bpo_fetch "$line" "$flavour" </dev/null)
	if [ $# -lt 2 ] || [ ! -f "$2" ]; then
		missing="$missing $key"
		continue
	fi
	if [ -n "$board" ] && ! build_board "$board" </dev/null; then
		failed="$failed $key(build)"
		continue
	fi
	[ "$verify" = "?" ] && verify=""
	booted+=("$key $1 $flavour $arch $2 ${verify:--} $layout")
done <"$facts"

# Boot (in parallel), each guest's output in $VM_OUT/debian-KEY.out; the
# initramfs of each architecture made first, once.
for a in amd64 arm64 armv7; do
	grep -q " $a " <<<"${booted[*]:-}" && (vm_arch "$a" && vm_initramfs)
done
for b in "${booted[@]}"; do
	read -r key version flavour arch image verify layout <<<"$b"
	[ "$verify" = - ] && verify=""
	while [ "$(jobs -rp | wc -l)" -ge "$njobs" ]; do wait -n; done
	(
		vm_arch "$arch"
		if vm_boot "debian-$key" "$image" "$verify" "$layout"; then echo ok; else echo failed; fi
	) >"$VM_OUT/debian-$key.out" 2>&1 &
done
wait

# Judge, one kernel at a time.
ran=0
matrix=$VM_OUT/matrix-debian-backports.md
echo "| kernel | arch | probe | picked (require signed) | chain | loadtime | inloader | keyring -9 |" >"$matrix"
echo "|---|---|---|---|---|---|---|---|" >>"$matrix"
short() { sed -E 's/ \(-?[0-9]+\) at / at /; s/ at ([a-z ]+): .*/ at \1/'; }
for b in "${booted[@]}"; do
	read -r key version flavour arch image verify layout <<<"$b"
	name=debian-$key
	ran=$((ran + 1))
	sed '$d' "$VM_OUT/$name.out"
	ok=1
	[ "$(tail -n 1 "$VM_OUT/$name.out")" = ok ] || ok=0
	normalize "$VM_OUT/$name.log" >"$VM_OUT/$name.facts"
	if [ -n "$record" ] && [ $ok = 0 ]; then
		echo "   not recorded: $key did not pass"
	elif [ -n "$record" ]; then
		{
			grep -v -e "^$key " -e "^# $key:" "$expected" 2>/dev/null
			echo "# $key: measured on $version+deb13-$flavour"
			sed "s/^/$key /" "$VM_OUT/$name.facts"
		} >"$expected.tmp" && mv "$expected.tmp" "$expected"
		echo "   recorded $key ($version) in $(basename "$expected")"
	elif ! grep -q "^$key " "$expected" 2>/dev/null; then
		unjudged="$unjudged $key"
		ok=0
		echo "   no expected facts for $key in $(basename "$expected"): record them (TINYSKEL_VM_RECORD=1)"
	elif ! diff -u <(grep "^$key " "$expected" | cut -d' ' -f2-) "$VM_OUT/$name.facts" >"$VM_OUT/$name.diff"; then
		ok=0
		echo "   $key ($version) moved from its expected facts (- expected, + measured):"
		grep '^[-+][A-Z]' "$VM_OUT/$name.diff"
	fi
	[ $ok = 1 ] || failed="$failed $key"
	# The matrix row docs/kernels.md takes.
	l=$VM_OUT/$name.log.lines
	probe=$(grep -m1 '^PROBE rc' "$l" | grep -oE '(verify|loadtime|btf|map_excl_word)=[0-9]+' | tr '\n' ' ')
	echo "| $version | $arch | ${probe% } |" \
		"$(grep -m1 '^CASE auto require rsa2048 ' "$VM_OUT/$name.facts" | sed 's/^[^>]*-> //') |" \
		"$(grep -m1 '^MATRIX chain ' "$l" | cut -d' ' -f3- | short) |" \
		"$(grep -m1 '^MATRIX loadtime ' "$l" | cut -d' ' -f3- | short) |" \
		"$(grep -m1 '^MATRIX inloader ' "$l" | cut -d' ' -f3- | short) |" \
		"$(grep -m1 '^CASE bpf-keyring require ' "$VM_OUT/$name.facts" | sed 's/^[^>]*-> //') |" >>"$matrix"
done
# Recorded facts kept in the order of the facts file (readable diffs).
if [ -n "$record" ] && [ -f "$expected" ]; then
	{
		echo "# Measured facts of Debian's trixie-backports kernels (tests/vm/debian_backports.sh):"
		echo "# KEY then each PROBE/SETUP/CASE line /init printed, reasons stripped.  Rewritten by"
		echo "# TINYSKEL_VM_RECORD=1 tests/run.sh tests/vm/debian_backports.sh; review the diff before committing."
		while read -r line flavour _; do
			case $line in '#'* | '') continue ;; esac
			grep -e "^$line-$flavour " -e "^# $line-$flavour:" "$expected"
		done <"$facts"
	} >"$expected.tmp" && mv "$expected.tmp" "$expected"
fi
# Lines the mirror has beyond the newest one described: named, not booted
# (measure them, add them to the facts file and record their facts).
for flavour in $(grep -v '^#' "$facts" | awk 'NF { print $2 }' | sort -u); do
	newest=$(grep -v '^#' "$facts" | awk -v f="$flavour" '$2 == f { print $1 }' | sort -V | tail -n 1)
	for l in $(debian_bpo_lines "$flavour" </dev/null); do
		[ "$(printf '%s\n%s\n' "$newest" "$l" | sort -V | tail -n 1)" = "$newest" ] && continue
		echo "NOTE: the mirror has Debian $l-$flavour, newer than any line in $(basename "$facts"): not judged yet"
	done
done
echo "matrix: $matrix"
[ -z "$failed" ] || fail "on$failed (see $VM_OUT/debian-*.log, *.diff)"
[ $ran -gt 0 ] || skip "cannot fetch or boot Debian's trixie-backports kernels (offline?):$missing"
[ -z "$missing" ] || skip "passed on $ran kernels; cannot fetch or boot:$missing"
echo "checked on $ran Debian trixie-backports kernels"
