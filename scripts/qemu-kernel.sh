#!/usr/bin/env bash
# Fetch a Debian kernel for qemu-system and print the directory holding it.
#
#   scripts/qemu-kernel.sh META:ARCH       e.g. linux-image-arm64:arm64
#
# The directory holds `Image` (what qemu -kernel boots: arm64's raw Image,
# decompressed if Debian ships it gzipped, or armhf's zImage), `config` and
# `package` (the exact package name and version).
#
# The metapackage (linux-image-arm64, linux-image-armmp) names the current
# ABI package (linux-image-6.1.0-NN-arm64); that one is downloaded with
# `apt-get download` and unpacked with dpkg-deb: never installed, so nothing
# on the build machine changes.  Kernels are cached outside the repository,
# in $TINYSKEL_CACHE (default /var/cache/tinyskel, or ~/.cache/tinyskel when
# that is not writable), so every clone on the machine reuses them.  Offline,
# the newest cached kernel of the same flavour is used.
set -eu

meta=${1:?usage: qemu-kernel.sh META:ARCH (e.g. linux-image-arm64:arm64)}
arch=${meta#*:}
flavour=${meta%%:*}
flavour=${flavour#linux-image-}

cache=${TINYSKEL_CACHE:-}
if [ -z "$cache" ]; then
	cache=/var/cache/tinyskel
	mkdir -p "$cache" 2>/dev/null && [ -w "$cache" ] || cache=${XDG_CACHE_HOME:-$HOME/.cache}/tinyskel
fi
mkdir -p "$cache/kernels"

# The ABI package the metapackage depends on right now.
pkg=$(apt-cache depends "$meta" 2>/dev/null | awk '/Depends: linux-image-/ { print $2; exit }')
pkg=${pkg%%:*}
if [ -z "$pkg" ]; then
	# apt lists not available: fall back to the newest kernel we already have.
	dir=$(ls -d "$cache/kernels/"linux-image-*-"$flavour"_* 2>/dev/null | sort -V | tail -n 1)
	if [ -n "$dir" ] && [ -f "$dir/Image" ]; then
		echo "$dir"
		exit 0
	fi
	echo "qemu-kernel: apt-cache knows no package behind $meta (is $arch in dpkg --print-foreign-architectures and apt-get update done?)" >&2
	exit 1
fi
version=$(apt-cache show "$pkg:$arch" 2>/dev/null | awk '/^Version:/ { print $2; exit }')
dir=$cache/kernels/${pkg}_$version
if [ -f "$dir/Image" ]; then
	echo "$dir"
	exit 0
fi

tmp=$(mktemp -d "$cache/dl.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
echo "qemu-kernel: downloading $pkg:$arch $version into $cache" >&2
# _apt cannot write into a root-owned temporary directory; let it.
chmod 755 "$tmp"
(cd "$tmp" && apt-get download -q "$pkg:$arch=$version" >/dev/null 2>"$tmp/apt.err") || {
	cat "$tmp/apt.err" >&2
	echo "qemu-kernel: apt-get download $pkg:$arch failed" >&2
	exit 1
}
mkdir -p "$tmp/x"
dpkg-deb --fsys-tarfile "$tmp"/*.deb | tar -x -C "$tmp/x" ./boot
img=$(ls "$tmp"/x/boot/vmlinuz-* | head -n 1)
mkdir -p "$tmp/out"
if [ "$(head -c 2 "$img" | od -An -tx1 | tr -d ' ')" = 1f8b ]; then
	# qemu boots arm64 kernels only as a raw Image, not gzipped.
	gzip -dc "$img" > "$tmp/out/Image"
else
	cp "$img" "$tmp/out/Image"
fi
cp "$tmp"/x/boot/config-* "$tmp/out/config"
echo "$pkg $version" > "$tmp/out/package"
rm -rf "$dir"
mv "$tmp/out" "$dir"
echo "$dir"
