#!/usr/bin/env bash
# The boot-time loader pattern, for real: `bootload load` pins and exits 0,
# the program keeps counting in later processes that read the pinned map,
# `unload` removes the pins.  On a bpffs this test mounts and removes.
set -u
. "$(dirname "$0")/lib.bash"
need_bpf
B=$build/examples/bootload/bootload
d=$(mktemp -d /tmp/tsk-bootload.XXXXXX)
mount -t bpf bpf "$d" || { rmdir "$d"; echo "cannot mount bpffs"; exit 77; }
trap 'umount "$d"; rmdir "$d"' EXIT
fail=0
out=$("$B" load "$d") || { echo "$out"; echo "FAIL load exited $?"; fail=1; }
echo "$out"
for p in calls data count_calls_link; do
	[ -e "$d/$p" ] || { echo "FAIL: $d/$p not pinned"; fail=1; }
done
# No process holds an fd now; two separate processes are counted exactly.
for n in 25 1000; do
	out=$("$B" selftest "$d" $n) || { echo "$out"; echo "FAIL selftest $n"; fail=1; }
	echo "$out"
done
out=$("$B" read "$d")
echo "$out" | grep -Eq '^[0-9]+ 1000$' || { echo "$out"; echo "FAIL read: no process with 1000 calls"; fail=1; }
"$B" unload "$d" || { echo "FAIL unload"; fail=1; }
for p in calls data count_calls_link; do
	[ -e "$d/$p" ] && { echo "FAIL: $d/$p still pinned"; fail=1; }
done
out=$("$B" selftest "$d" 3 2>&1) && { echo "$out"; echo "FAIL: pinned map still there after unload"; fail=1; }
exit $fail
