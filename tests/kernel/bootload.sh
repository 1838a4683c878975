#!/usr/bin/env bash
# The boot-time loader pattern, for real: `bootload load` pins and exits 0,
# the program keeps counting in later processes that read the pinned map,
# `unload` removes the pins.  On a bpffs this test mounts and removes.
set -u
. "$(dirname "$0")/lib.bash"
need_bpf
B=$build/examples/bootload/bootload
d=$(mktemp -d /tmp/tsk-bootload.XXXXXX)
mount -t bpf -o mode=0700 bpf "$d" || { rmdir "$d"; echo "cannot mount bpffs"; exit 77; }
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

# Issue 23, item 1: on a bpffs mounted without -o mode= (root 1777), uid
# 65534 makes the loader's directory first; `bootload load` must refuse it
# and pin nothing there (it used to pin, and uid 65534 then unlinked the
# link pin, detaching the program).  Then the same with a directory root
# made itself: pinned, and uid 65534 cannot unlink the link pin.
if command -v setpriv >/dev/null; then
	nobody() { setpriv --reuid 65534 --regid 65534 --clear-groups "$@"; }
	o=$(mktemp -d /tmp/tsk-bootload-open.XXXXXX)
	chmod 755 "$o"
	if mount -t bpf bpf "$o"; then
		nobody mkdir "$o/bootload" || { echo "FAIL: uid 65534 could not mkdir on a 1777 bpffs"; fail=1; }
		if out=$("$B" load "$o/bootload" 2>&1); then
			echo "$out"; echo "FAIL: bootload load pinned into uid 65534's directory"; fail=1
		else
			echo "refused as it should: $out"
		fi
		[ -z "$(ls "$o/bootload")" ] || { echo "FAIL: pins in uid 65534's directory: $(ls "$o/bootload")"; fail=1; }
		out=$("$B" load "$o/mine") || { echo "$out"; echo "FAIL load into a new directory"; fail=1; }
		[ "$(stat -c %a:%u "$o/mine")" = 700:0 ] || { echo "FAIL: $o/mine is $(stat -c %a:%u "$o/mine")"; fail=1; }
		nobody rm -f "$o/mine/count_calls_link" 2>/dev/null
		[ -e "$o/mine/count_calls_link" ] || { echo "FAIL: uid 65534 unlinked the link pin"; fail=1; }
		"$B" unload "$o/mine" >/dev/null; rmdir "$o/mine" "$o/bootload" 2>/dev/null
		umount "$o"
	else
		echo "FAIL: cannot mount a second bpffs"; fail=1
	fi
	rmdir "$o"
	# The README's recipe mounts mode=0700: uid 65534 cannot make the name at all.
	nobody mkdir "$d/bootload" 2>/dev/null && { echo "FAIL: uid 65534 made a directory on a mode=0700 bpffs"; fail=1; }
else
	echo "note: no setpriv (util-linux): the uid 65534 cases ran only in tests/kernel/pin_owner_test.c"
fi
exit $fail
