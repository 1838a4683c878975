# tests/kernel/lib.bash - sourced by the real-kernel tests.
src=${TINYSKEL_SRC:-.}
build=${BUILD:-$src/build/host}
skelgen=${SKELGEN:-$src/build/tools/bin/skelgen}

# Skip (exit 77) unless this process can load BPF programs.
need_bpf() {
	[ "$(id -u)" = 0 ] || { echo "needs root to load BPF programs"; exit 77; }
	[ -e /sys/kernel/btf/vmlinux ] || [ -d /sys/fs/bpf ] || { echo "kernel without BPF"; exit 77; }
}

# Tracepoints are found through tracefs; mount it where a device would.
need_tracefs() {
	[ -d /sys/kernel/tracing/events ] && return 0
	mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null
	[ -d /sys/kernel/tracing/events ] || { echo "tracefs not available"; exit 77; }
}
