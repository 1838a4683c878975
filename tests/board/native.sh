#!/usr/bin/env bash
# Boards built for this machine's architecture (x86_64-musl): run the static
# examples on the running kernel, for real.
. "$(dirname "$0")/lib.bash"

triple=$(target_triple)
[ "${triple%%-*}" = "$(uname -m)" ] ||
	skip "board $BOARD is ${triple%%-*}; qemu-user has no bpf(2), so its examples run in boot.sh"
[ "$(id -u)" = 0 ] || skip "loading BPF needs root"
grep -q tracefs /proc/filesystems && { mountpoint -q /sys/kernel/tracing || mount -t tracefs nodev /sys/kernel/tracing; }
grep -q '^CONFIG_POLICY_REQUIRE_SIGNED=y' "$BUILD/.config" 2>/dev/null &&
	skip "board $BOARD requires verified signatures; this kernel cannot verify them"
rc=0
for e in $EXAMPLES; do
	echo "== $e 5"
	"$BUILD/examples/$e/$e" 5; status=$?
	# kcount exits 2 when the kernel has no kprobe PMU (this project's CI
	# kernel): refused with a reason, proven in the qemu boots instead.
	if [ $status = 2 ] && [ "$e" = kcount ] && [ ! -d /sys/bus/event_source/devices/kprobe ]; then
		echo "$e: no kprobe PMU on this kernel, refused as expected"
	elif [ $status != 0 ]; then
		echo "$e: exit $status"; rc=1
	fi
done
[ $rc = 0 ] || fail "an example did not count exactly"
