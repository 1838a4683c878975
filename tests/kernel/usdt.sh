#!/usr/bin/env bash
# tinyskel_attach_usdt (runtime/usdt/) on this kernel (it has the uprobe
# PMU): a probe built with <sys/sdt.h> counted exactly, its arguments read
# as <bpf/usdt.bpf.h> expects (tests/kernel/usdt/app.c).
set -u
. "$(dirname "$0")/lib.bash"
need_bpf
[ "$(uname -m)" = x86_64 ] || { echo "USDT argument specs: x86-64 only"; exit 77; }
[ -e /sys/bus/event_source/devices/uprobe/type ] || { echo "no uprobe PMU on this kernel"; exit 77; }
ma=$(gcc -print-multiarch)
[ -e /usr/include/sys/sdt.h ] || [ -e /usr/include/$ma/sys/sdt.h ] ||
	{ echo "no <sys/sdt.h> (systemtap-sdt-dev; scripts/install-deps.sh)"; exit 77; }
d=$src/tests/kernel/usdt
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
clang -O2 -g -target bpf -I/usr/include/$ma -c "$d/probe.bpf.c" -o "$t/probe.bpf.o" || exit 1
# LINUX_HAS_BPF_COOKIE: the device's kernel version decides (this one)
"$skelgen" --kernel-version "$(uname -r | sed 's/[^0-9.].*//')" -o "$t/probe.lskel.h" "$t/probe.bpf.o" || exit 1
gcc -std=gnu11 -Wall -Wextra -Werror -O2 -I"$t" -I"$src/include" "$d/app.c" "$build/libtinyskel.a" -o "$t/app" || exit 1
"$t/app"
