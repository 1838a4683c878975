#!/usr/bin/env bash
# The examples load, attach and count exactly on the running kernel.
set -u
. "$(dirname "$0")/lib.bash"
need_bpf
need_tracefs
fail=0
for n in 1 37; do
	out=$("$build/examples/counter/counter" $n) || { echo "$out"; echo "FAIL counter $n"; fail=1; }
	echo "$out" | grep -q "getppid x$n: map $n, bss.hits $n, while disabled 3 -> exact" ||
		{ echo "$out"; echo "FAIL counter $n: not exact"; fail=1; }
	out=$("$build/examples/tpcount/tpcount" $n) || { echo "$out"; echo "FAIL tpcount $n"; fail=1; }
	echo "$out" | grep -q "getpid x$n: counted $n -> exact" || { echo "$out"; echo "FAIL tpcount $n"; fail=1; }
done
echo "$out"
# kprobes: only where the kernel has them (this project's CI kernel has
# CONFIG_KPROBES off; the qemu-arm64 boot runs kcount on Debian's kernel).
if [ -d /sys/bus/event_source/devices/kprobe ]; then
	out=$("$build/examples/kcount/kcount" 9) || { echo "$out"; echo "FAIL kcount"; fail=1; }
	echo "$out"
else
	out=$("$build/examples/kcount/kcount" 9); rc=$?
	[ $rc = 2 ] || { echo "$out"; echo "FAIL kcount: expected exit 2 (no kprobe PMU), got $rc"; fail=1; }
	echo "kcount: this kernel has no kprobe PMU; refused with a clear reason (counted in the qemu-arm64 boot)"
fi
exit $fail
