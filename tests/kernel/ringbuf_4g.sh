#!/usr/bin/env bash
# More than 4 GiB through one ring buffer with none lost, consumed by a
# 64-bit process and by a 32-bit (i386, gcc -m32) process on this 64-bit
# kernel, whose positions are 64-bit: see tests/kernel/ringbuf_4g.c.
set -u
. "$(dirname "$0")/lib.bash"
need_bpf
hdr=$build/tests/kernel-gen/rb4g.lskel.h
[ -f "$hdr" ] || { echo "FAIL: no $hdr (make test-build)"; exit 1; }
out=$build/tests/kernel-4g
mkdir -p "$out"
rt=$(ls "$src"/runtime/*/*.c)
flags=(-std=c11 -Wall -Wextra -Werror -O2 -I"$src/include" -include "$build/include/tinyskel_config.h"
	-I"$src/runtime" -I"$src/tests/unit" -I"$(dirname "$hdr")")
fail=0 ran=0
for bits in 64 32; do
	# i386 aligns uint64_t to 4 inside structs, so generated skeletons (made for
	# the boards: x86-64, aarch64, armv7, where it is 8) fail tinyskel_validate;
	# -malign-double gives this 32-bit x86 build the boards' layout.
	# Without gcc-multilib (which Debian makes conflict with the ARM cross
	# compilers), -m32 lacks <asm/*.h>; the multiarch ones serve i386 too.
	extra=()
	[ $bits = 32 ] && extra=(-malign-double -isystem "/usr/include/$(gcc -print-multiarch)")
	# shellcheck disable=SC2086
	if ! gcc -m$bits "${extra[@]}" "${flags[@]}" -o "$out/ringbuf_4g_$bits" "$src/tests/kernel/ringbuf_4g.c" $rt -lpthread \
		2>"$out/build_$bits.log"; then
		[ $bits = 32 ] && { echo "32-bit build not possible here (libc6-dev-i386, lib32gcc-12-dev?): $(head -1 "$out/build_$bits.log")"; continue; }
		cat "$out/build_$bits.log"; fail=1; continue
	fi
	"$out/ringbuf_4g_$bits"
	rc=$?
	# 126: the kernel cannot execute it (IA32 emulation off or absent): a fact of
	# this machine's kernel, not a failure of the consumer.
	[ $rc = 126 ] && [ $bits = 32 ] && { echo "this machine does not execute 32-bit x86 binaries (exec: Exec format error; IA32 emulation off)"; continue; }
	[ $rc = 0 ] || fail=1
	ran=$((ran + 1))
done
[ $ran = 1 ] && [ $fail = 0 ] && { echo "only the 64-bit process could be tested (no gcc -m32, or no 32-bit x86 support in this kernel)"; exit 77; }
exit $fail
