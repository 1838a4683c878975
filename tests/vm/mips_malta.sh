#!/usr/bin/env bash
# The VM layer on a 32-bit big-endian MIPS kernel: the shared Malta image
# (../shared/kernels/vmlinux-6.18.35-loadtime-mips32be, load-time
# verification, no BTF) under qemu-system-mips, with tests/vm/vmtest.c
# built for the qemu-mips board (mips32r2, static glibc) as /init and its
# headers generated big-endian (clang -target bpfeb, skelgen on Debian's
# libbpf >= 1.5).  vmtest judges every case against the image's documented
# facts (verifies loadtime; nobtf): signed loads verified and counting
# exactly, tampered instructions/metadata/signature refused with
# EKEYREJECTED (164 on MIPS: compared by name), unknown signer ENOKEY, an
# unsigned header refused under "require signed", the ring buffer consumer
# exact.  A missing image, qemu or cross compiler is a SKIP naming it.
set -u
: "${TINYSKEL_SRC:?run through make check}"
skip() { echo "$*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }

image=vmlinux-6.18.35-loadtime-mips32be
dir=${TINYSKEL_TEST_KERNELS:-}
[ -z "$dir" ] && [ -d "$TINYSKEL_SRC/../shared/kernels" ] && dir=$TINYSKEL_SRC/../shared/kernels
[ -n "$dir" ] && [ -f "$dir/$image" ] || skip "no $image (set TINYSKEL_TEST_KERNELS; ${dir:-../shared/kernels} has none)"
command -v qemu-system-mips >/dev/null || skip "qemu-system-mips is not installed (make deps-vm)"
command -v mips-linux-gnu-gcc >/dev/null || skip "mips-linux-gnu-gcc is not installed (make deps-cross)"

# The board's vmtest, from a make that inherits nothing of the host's.
board_build=$TINYSKEL_SRC/build/qemu-mips
log=${TEST_LOGDIR:-$TINYSKEL_SRC/build/test-logs}/mips_malta-build.log
mkdir -p "$(dirname "$log")"
(
	cd "$TINYSKEL_SRC" || exit 1
	unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES BOARD BUILD O CROSS_COMPILE QEMU_USER TEST_WRAPPER SKELGEN
	make -j"$(nproc)" BOARD=qemu-mips build/qemu-mips/tests/vm/vmtest
) >"$log" 2>&1 || { tail -n 20 "$log"; fail "cannot build the qemu-mips vmtest (full log: $log)"; }
file -b "$board_build/tests/vm/vmtest" | grep -q 'ELF 32-bit MSB executable, MIPS' ||
	fail "vmtest is not a big-endian MIPS binary: $(file -b "$board_build/tests/vm/vmtest")"

. "$(dirname "$0")/lib.bash"
vm_arch mips

# image  verifies  layout  (../shared/kernels/README.md)
vm_boot 6.18.35-loadtime-mips32be "$dir/$image" loadtime nobtf ||
	fail "on $image (see $VM_OUT/6.18.35-loadtime-mips32be.log)"
grep -q '^CASE auto-ringbuf .*ring 7/7 records exact .* OK$' "$VM_OUT/6.18.35-loadtime-mips32be.log.lines" ||
	fail "expected the ring buffer case to count 7/7 records exactly"
echo "verified on $image (big-endian MIPS): $(grep '^TSK-VM: PASS' "$VM_OUT/6.18.35-loadtime-mips32be.log.lines")"
