#!/usr/bin/env bash
# make check-fresh: the README's first command on a fresh Debian 12.
#
# A minbase bookworm (debootstrap, from this machine's Debian mirror in
# /etc/apt) gets only what the README says a fresh machine needs first
# (git, make), a clone of this repository's HEAD, and runs `make demo` in
# a chroot as root (/proc, /sys, /dev bound from the host, so the demo's
# loads run on this kernel).  It caught `-include .config` running
# kconfig-conf before the deps were installed.  Slow (a minute for the
# base system, which is cached as build/fresh/minbase.tar, then every host
# package the Makefile installs), so it is not part of `make check`.
#
#   tests/fresh/fresh.sh [COMMAND]     default COMMAND: make demo
#   FRESH_REV=REV tests/fresh/fresh.sh  the same on an older commit (to see
#                                       it fail where the bug was)
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
cmd=${1:-make demo}
out=$src/build/fresh
root=$out/root
[ "$(id -u)" = 0 ] || { echo "check-fresh: needs root (debootstrap, chroot, mounts)"; exit 77; }
command -v debootstrap >/dev/null || { echo "check-fresh: debootstrap is not installed (apt-get install debootstrap)"; exit 77; }

# The first Debian (not -security) mirror of this machine's apt sources.
mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
	grep -oE '(^deb |^URIs:) *[^ ]*https?://[^ ]+' | grep -oE 'https?://[^ ]+' | grep -v security | head -n 1)
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian

umount_all() {
	local m
	for m in dev/pts dev sys proc; do
		mountpoint -q "$root/$m" && umount -l "$root/$m"
	done
	return 0
}
trap umount_all EXIT
umount_all
rm -rf "$root"
mkdir -p "$out"
if [ ! -s "$out/minbase.tar" ]; then
	echo "check-fresh: debootstrap --variant=minbase bookworm from $mirror"
	debootstrap --variant=minbase bookworm "$root" "$mirror" >"$out/debootstrap.log" 2>&1 ||
		{ tail -n 20 "$out/debootstrap.log"; echo "check-fresh: debootstrap failed"; exit 1; }
	tar -C "$root" -cf "$out/minbase.tar.tmp" . && mv "$out/minbase.tar.tmp" "$out/minbase.tar"
else
	mkdir -p "$root"
	tar -C "$root" -xf "$out/minbase.tar"
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"

echo "check-fresh: what the README asks for first: git make"
chroot "$root" sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq git make' \
	>"$out/prereq.log" 2>&1 || { tail -n 20 "$out/prereq.log"; echo "check-fresh: installing git make failed"; exit 1; }
git clone -q "$src" "$root/root/tinyskel"
[ -z "${FRESH_REV:-}" ] || git -C "$root/root/tinyskel" checkout -q "$FRESH_REV"
echo "check-fresh: clone at $(git -C "$root/root/tinyskel" rev-parse --short HEAD); running '$cmd' in the chroot"
if ! chroot "$root" bash -lc "cd /root/tinyskel && $cmd" >"$out/run.log" 2>&1; then
	tail -n 40 "$out/run.log"
	echo "check-fresh: FAIL: '$cmd' failed as the first command on a fresh Debian 12 (log: $out/run.log)"
	exit 1
fi
tail -n 15 "$out/run.log"
echo "check-fresh: '$cmd' worked as the first command on a fresh Debian 12"
