#!/usr/bin/env bash
# Install the Debian 12 packages tinyskel needs on a fresh machine.
#
#   scripts/install-deps.sh [host|cross|vm|all]     (default: all)
#
# host:  build skelgen, the runtime, the examples and the tests on this machine.
# cross: aarch64/armv7 toolchains, their musl, qemu-user and qemu-system, and
#        the targets' kernel UAPI headers for BPF code (linux-libc-dev-<arch>-cross:
#        arch-all packages under /usr/<triple>/include, not linux-libc-dev:<arch>).
# vm:    qemu-system-x86_64 for the VM layer (tests/vm: real signing kernels).
#
# Idempotent: it only calls apt when something is missing, so `make check`
# can run it every time.  Two traps it avoids on purpose:
#  - `apt-get update` may fail on one foreign-arch index while a mirror syncs;
#    its exit code is ignored and we check the packages themselves afterwards.
#  - linux-libc-dev:<foreign arch> (pulled in by musl-dev's Recommends through
#    linux-musl-dev) replaces the host's linux-libc-dev and apt then removes
#    libc6-dev and every -dev package.  Foreign packages are installed with
#    --no-install-recommends and linux-libc-dev:<foreign> is held back.
set -u

what=${1:-all}

host_pkgs="make gcc clang llvm lld libbpf-dev libelf-dev zlib1g-dev libbearssl-dev
 musl-tools kconfig-frontends-nox openssl libssl-dev keyutils bpftool pkg-config file cpio
 libclang-rt-14-dev cmake meson ninja-build iproute2 systemtap-sdt-dev"
# 32-bit x86 builds of tests/kernel/ringbuf_4g.sh (a 32-bit process on a 64-bit
# kernel's ring buffer).  Not gcc-multilib: Debian 12 makes it conflict with the
# ARM cross compilers below, and installing it removes them.
[ "$(dpkg --print-architecture 2>/dev/null)" = amd64 ] && host_pkgs="$host_pkgs libc6-dev-i386 lib32gcc-12-dev"
cross_pkgs="gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf qemu-user-static
 qemu-system-arm binutils-aarch64-linux-gnu binutils-arm-linux-gnueabihf
 linux-libc-dev-arm64-cross linux-libc-dev-armhf-cross"
# qemu-system-arm also has qemu-system-aarch64 (tests/vm/debian_backports.sh).
vm_pkgs="qemu-system-x86 qemu-system-arm"
foreign_pkgs="musl-dev:arm64 musl:arm64 musl-dev:armhf musl:armhf"

missing() {
	local p out=""
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" || out="$out $p"
	done
	echo "$out"
}

updated=0
apt_update() {
	[ $updated = 1 ] && return
	apt-get update -qq >/dev/null 2>&1 || echo "install-deps: apt-get update reported errors (ignored; packages are checked below)" >&2
	updated=1
}

install() {
	local m
	m=$(missing "$@")
	[ -z "$m" ] && return 0
	echo "install-deps: installing$m" >&2
	apt_update
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $m >/dev/null 2>&1 ||
		{ echo "install-deps: apt-get install failed for:$m" >&2; return 1; }
}

need_root() {
	if [ "$(id -u)" != 0 ]; then
		echo "install-deps: missing packages:$(missing "$@") (run as root to install them)" >&2
		exit 1
	fi
}

check() {
	local m
	m=$(missing "$@")
	if [ -n "$m" ]; then
		echo "install-deps: still missing:$m" >&2
		exit 1
	fi
}

case $what in host|all) ;; cross|vm) ;; *) echo "usage: $0 [host|cross|vm|all]" >&2; exit 2 ;; esac

if [ "$what" = vm ] || [ "$what" = all ]; then
	if [ -n "$(missing $vm_pkgs)" ]; then need_root $vm_pkgs; install $vm_pkgs; fi
	check $vm_pkgs
	[ "$what" = vm ] && exit 0
fi

if [ "$what" != cross ]; then
	if [ -n "$(missing $host_pkgs)" ]; then need_root $host_pkgs; install $host_pkgs; fi
	check $host_pkgs
fi

if [ "$what" != host ]; then
	if [ -n "$(missing $cross_pkgs $foreign_pkgs)" ]; then
		need_root $cross_pkgs $foreign_pkgs
		for a in arm64 armhf; do
			dpkg --print-foreign-architectures | grep -qx $a || { dpkg --add-architecture $a; updated=0; }
		done
		# Never let a foreign linux-libc-dev in (see the header of this file).
		for a in arm64 armhf; do
			apt-mark hold linux-libc-dev:$a >/dev/null 2>&1 || true
		done
		install $cross_pkgs
		install $foreign_pkgs
	fi
	check $cross_pkgs $foreign_pkgs
	# Guard against the trap having been sprung anyway.
	check libc6-dev libbpf-dev
fi
exit 0
