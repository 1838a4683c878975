#!/bin/bash
# scripts/fetch-libbpf.sh [DIR]: a libbpf that generates loaders for either
# byte order (>= 1.5) for skelgen, taken from Debian's own package
# (libbpf-dev of trixie: libbpf.a and its headers), never installed over
# the system's 1.1: a private apt configuration (its own sources list with
# this machine's Debian mirror URI from /etc/apt, its own lists and cache;
# nothing in /etc/apt is written), `apt-get download`, `dpkg-deb -x`.
#
# Unpacked into DIR (default: /var/cache/tinyskel/libbpf, outside the
# clone so fresh clones reuse it; build/libbpf when that cannot be written).
# Prints the directory holding usr/include/bpf and usr/lib/*/libbpf.a;
# exit 1 (and says why on stderr) when no package can be had and none is
# cached.  TINYSKEL_LIBBPF_SUITE picks another suite (sid has 1.7).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
suite=${TINYSKEL_LIBBPF_SUITE:-trixie}
base=${1:-${TINYSKEL_LIBBPF_CACHE:-/var/cache/tinyskel/libbpf}}
if ! mkdir -p "$base" 2>/dev/null || [ ! -w "$base" ]; then
	base=$top/build/libbpf
	mkdir -p "$base"
fi
apt=$base/apt-$suite
out=$base/$suite

found() {
	local a
	a=$(ls "$out"/usr/lib/*/libbpf.a 2>/dev/null | head -n 1)
	[ -n "$a" ] && [ -f "$out/usr/include/bpf/libbpf.h" ]
}
if found; then
	echo "$out"
	exit 0
fi

# This machine's Debian mirror: the first non-security URI of /etc/apt.
mirror=$({
	grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{ for (i = 2; i <= NF; i++) print $i }'
	grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list |
		sed 's/\[[^]]*\]//' | awk '{ print $2 }'
} | grep -v -e security -e '^$' | grep -m1 -i '/debian/\?$' || true)
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
if [ -z "$mirror" ] || [ ! -f "$keyring" ]; then
	echo "fetch-libbpf: no Debian mirror in /etc/apt or no $keyring" >&2
	exit 1
fi
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
echo "deb [signed-by=$keyring] $mirror $suite main" >"$apt/sources.list"
arch=$(dpkg --print-architecture)
opts=(-o "Dir::Etc::sourcelist=$apt/sources.list" -o Dir::Etc::sourceparts=-
	-o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache"
	-o Dir::State::status=/dev/null -o Debug::NoLocking=1 -o "APT::Architectures::=$arch")
if ! timeout 300 apt-get -q "${opts[@]}" update >/dev/null 2>&1; then
	echo "fetch-libbpf: apt-get update of $suite failed (offline?)" >&2
	exit 1
fi
tmp=$(mktemp -d "$base/dl.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
if ! (cd "$tmp" && timeout 300 apt-get -q "${opts[@]}" download "libbpf-dev:$arch" >/dev/null 2>&1); then
	echo "fetch-libbpf: apt-get download libbpf-dev ($suite) failed" >&2
	exit 1
fi
mkdir -p "$tmp/x"
dpkg-deb -x "$tmp"/libbpf-dev_*.deb "$tmp/x"
rm -rf "$out"
mv "$tmp/x" "$out"
if ! found; then
	echo "fetch-libbpf: $suite's libbpf-dev holds no libbpf.a" >&2
	exit 1
fi
echo "$out"
