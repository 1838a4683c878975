# shellcheck shell=bash
# debian_fetch PATTERN [FALLBACK-REGEX]: the newest Debian amd64 kernel
# package whose name matches PATTERN, fetched with `apt-get download` and
# unpacked with dpkg-deb into build/vm-kernels (never installed); prints its
# vmlinuz (nothing when it cannot be had).  Offline, the newest cached one
# matching FALLBACK-REGEX.  Used by tests/vm/debian_kernels.sh and
# tests/kernel/vm_kprobes.sh (Debian 6.12 has fprobe: kprobe.multi).
# Needs TINYSKEL_SRC.
cache=$TINYSKEL_SRC/build/vm-kernels
mkdir -p "$cache"

debian_fetch() {
	local pkg dir tmp
	pkg=$(apt-cache search --names-only "$1" 2>/dev/null | awk '{ print $1 }' | sort -V | tail -n 1)
	if [ -z "$pkg" ]; then
		ls "$cache"/*/boot/vmlinuz-* 2>/dev/null | grep -E "${2:-.}" | sort -V | tail -n 1
		return
	fi
	dir=$cache/$pkg
	if [ ! -d "$dir/boot" ]; then
		tmp=$(mktemp -d "$cache/dl.XXXXXX")
		chmod 755 "$tmp"
		(cd "$tmp" && apt-get download -q "$pkg" >/dev/null 2>&1) &&
			mkdir -p "$tmp/x" && dpkg-deb --fsys-tarfile "$tmp"/*.deb | tar -x -C "$tmp/x" ./boot &&
			rm -rf "$dir" && mv "$tmp/x" "$dir"
		rm -rf "$tmp"
	fi
	ls "$dir"/boot/vmlinuz-* 2>/dev/null | head -n 1
}

