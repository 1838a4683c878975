# shellcheck shell=bash
# Debian's kernels for the VM layer, fetched with `apt-get download` and
# unpacked with dpkg-deb (never installed, nothing written to the system's
# apt configuration).  Cached OUTSIDE the clone, so a fresh clone on the
# same machine (CI) reuses them: $TINYSKEL_KERNEL_CACHE, default
# /var/cache/tinyskel/debian; when that cannot be written, build/vm-kernels.
#
# debian_fetch PATTERN [FALLBACK-REGEX]: the newest kernel package of the
#   system's own suites whose name matches PATTERN; prints its vmlinuz
#   (nothing when it cannot be had).  Offline, the newest cached one matching
#   FALLBACK-REGEX.  Used by tests/vm/debian_kernels.sh and
#   tests/kernel/vm_kprobes.sh (Debian 6.12 has fprobe: kprobe.multi).
#
# debian_bpo_fetch LINE FLAVOUR: the newest kernel of LINE (6.18, 7.3, ...)
#   for FLAVOUR (amd64, arm64, armmp) from trixie-backports, through a
#   private apt configuration: a sources list of this machine's Debian mirror
#   URI (from /etc/apt) with suite trixie-backports, signed-by the system's
#   Debian archive keyring, its own lists and package cache under the cache
#   directory, architectures amd64, arm64 and armhf.  6.x images are in
#   linux-image-V-FLAVOUR (/boot); 7.x in linux-binary-V-FLAVOUR
#   (/usr/lib/modules/*/vmlinuz) with the config in linux-base-V-FLAVOUR
#   (when the index still has it: not for every older version; CONFIG is
#   then "-").
#   The mirror sometimes answers 404 for one version: the next newest of the
#   same line is tried.  Offline, the newest cached one of the line.  Prints
#   "VERSION VMLINUZ CONFIG", nothing when none can be had.
#
# Needs TINYSKEL_SRC.
debian_cache=${TINYSKEL_KERNEL_CACHE:-/var/cache/tinyskel/debian}
if ! mkdir -p "$debian_cache" 2>/dev/null || [ ! -w "$debian_cache" ]; then
	debian_cache=$TINYSKEL_SRC/build/vm-kernels
	mkdir -p "$debian_cache"
fi
cache=$debian_cache

# The kernels of earlier runs cached in the clone (build/vm-kernels): reused.
debian_old_cache=$TINYSKEL_SRC/build/vm-kernels

debian_fetch() {
	local pkg dir tmp
	pkg=$(apt-cache search --names-only "$1" 2>/dev/null | awk '{ print $1 }' | sort -V | tail -n 1)
	if [ -z "$pkg" ]; then
		ls "$cache"/*/boot/vmlinuz-* "$debian_old_cache"/*/boot/vmlinuz-* 2>/dev/null |
			grep -E "${2:-.}" | sort -V | tail -n 1
		return
	fi
	dir=$cache/$pkg
	if [ ! -d "$dir/boot" ] && [ -d "$debian_old_cache/$pkg/boot" ]; then
		dir=$debian_old_cache/$pkg
	fi
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

# ---------------------------------------------------------------- trixie-backports
bpo_dir=$debian_cache/bpo
bpo_apt=$debian_cache/apt

# The private apt configuration, as options (nothing in /etc/apt is written).
bpo_apt_opts() {
	echo "-o Dir::Etc::sourcelist=$bpo_apt/sources.list -o Dir::Etc::sourceparts=-" \
		"-o Dir::State::Lists=$bpo_apt/lists -o Dir::Cache=$bpo_apt/cache" \
		"-o Dir::State::status=/dev/null -o Debug::NoLocking=1" \
		"-o APT::Architectures::=amd64 -o APT::Architectures::=arm64 -o APT::Architectures::=armhf"
}

# This machine's Debian mirror: the first non-security URI of /etc/apt
# naming a Debian archive (deb822 .sources or one-line .list).
bpo_mirror() {
	{
		grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{ for (i = 2; i <= NF; i++) print $i }'
		grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list |
			sed 's/\[[^]]*\]//' | awk '{ print $2 }'
	} | grep -v -e security -e '^$' | grep -m1 -i '/debian/\?$'
}

# Refresh the private lists at most once a day (offline: keep the old ones).
bpo_update() {
	local mirror keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	mkdir -p "$bpo_apt/lists/partial" "$bpo_apt/cache/archives/partial" "$bpo_dir"
	if [ ! -f "$bpo_apt/sources.list" ]; then
		mirror=$(bpo_mirror)
		[ -n "$mirror" ] && [ -f "$keyring" ] || return 1
		echo "deb [signed-by=$keyring] $mirror trixie-backports main" >"$bpo_apt/sources.list"
	fi
	if [ -z "$(find "$bpo_apt/lists" -maxdepth 1 -name '*_Packages' -mmin -1440 2>/dev/null)" ]; then
		# shellcheck disable=SC2046
		timeout 120 apt-get -q $(bpo_apt_opts) update >/dev/null 2>&1 || true
	fi
	return 0
}

# bpo_unpack PKG... : download the packages into a temporary directory and
# unpack their vmlinuz and config; prints the temporary directory.
bpo_unpack() {
	local tmp deb
	tmp=$(mktemp -d "$bpo_dir/dl.XXXXXX")
	chmod 755 "$tmp"
	# shellcheck disable=SC2046
	if ! (cd "$tmp" && timeout 600 apt-get -q $(bpo_apt_opts) download "$@" >/dev/null 2>&1); then
		rm -rf "$tmp"
		return 1
	fi
	mkdir -p "$tmp/x"
	for deb in "$tmp"/*.deb; do
		dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp/x" --wildcards \
			'./boot/vmlinuz-*' './boot/config-*' './usr/lib/modules/*/vmlinuz' './usr/lib/modules/*/config' 2>/dev/null
	done
	echo "$tmp"
}

# bpo_cached LINE FLAVOUR: the newest complete cached kernel of the line.
bpo_config() {
	if [ -f "$1/config" ]; then echo "$1/config"; else echo -; fi
}

bpo_cached() {
	local d
	d=$(ls -d "$bpo_dir/$1".*+deb13-"$2" 2>/dev/null | sort -V | while read -r d; do
		[ -f "$d/vmlinuz" ] && echo "$d"
	done | tail -n 1)
	[ -n "$d" ] && echo "$(basename "$d" | sed 's/+deb13-.*//') $d/vmlinuz $(bpo_config "$d")"
}

debian_bpo_fetch() {
	local line=$1 flavour=$2 arch v tmp dir pkgs avail
	case $flavour in
	amd64 | arm64) arch=$flavour ;;
	armmp | armmp-lpae) arch=armhf ;;
	*) return 1 ;;
	esac
	(
		flock 9
		bpo_update || true
		# shellcheck disable=SC2046
		avail=$(apt-cache $(bpo_apt_opts) search --names-only "^linux-(image|binary|base)-${line//./\\.}\.[0-9]+\+deb13-$flavour\$" 2>/dev/null |
			awk '{ print $1 }')
		for v in $(grep -v '^linux-base-' <<<"$avail" | sed -E "s/^linux-(image|binary)-//; s/\+deb13-$flavour\$//" | sort -Vru); do
			dir=$bpo_dir/$v+deb13-$flavour
			if [ -f "$dir/vmlinuz" ]; then
				echo "$v $dir/vmlinuz $(bpo_config "$dir")"
				return 0
			fi
			if grep -qx "linux-binary-$v+deb13-$flavour" <<<"$avail"; then
				pkgs="linux-binary-$v+deb13-$flavour:$arch"
				grep -qx "linux-base-$v+deb13-$flavour" <<<"$avail" && pkgs="$pkgs linux-base-$v+deb13-$flavour:$arch"
			else
				pkgs="linux-image-$v+deb13-$flavour:$arch"
			fi
			# shellcheck disable=SC2086
			tmp=$(bpo_unpack $pkgs) || continue # 404 (or offline): the next newest
			rm -rf "$dir" && mkdir -p "$dir"
			mv "$(ls "$tmp"/x/boot/vmlinuz-* "$tmp"/x/usr/lib/modules/*/vmlinuz 2>/dev/null | head -n 1)" "$dir/vmlinuz.part" 2>/dev/null
			mv "$(ls "$tmp"/x/boot/config-* "$tmp"/x/usr/lib/modules/*/config 2>/dev/null | head -n 1)" "$dir/config" 2>/dev/null
			rm -rf "$tmp"
			if [ -f "$dir/vmlinuz.part" ]; then
				mv "$dir/vmlinuz.part" "$dir/vmlinuz"
				echo "$v $dir/vmlinuz $(bpo_config "$dir")"
				return 0
			fi
			rm -rf "$dir"
		done
		bpo_cached "$line" "$flavour"
	) 9>"$debian_cache/.lock"
}

# debian_bpo_lines FLAVOUR: the kernel lines (6.18, 7.3, ...) the private
# lists name for FLAVOUR, one a line (nothing offline before any update).
debian_bpo_lines() {
	# shellcheck disable=SC2046
	[ -d "$bpo_apt/lists" ] && apt-cache $(bpo_apt_opts) search --names-only "^linux-(image|binary)-[0-9]+\.[0-9]+\.[0-9]+\+deb13-$1\$" 2>/dev/null |
		awk '{ print $1 }' | sed -E "s/^linux-(image|binary)-([0-9]+\.[0-9]+)\..*/\2/" | sort -Vu
}
