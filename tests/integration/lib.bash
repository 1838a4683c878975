# tests/integration/lib.bash - shared by tests/integration/*.sh.
# A make run from `make check` must not inherit its jobserver, level or the
# host board's test environment (BOARD=host would select build/host/.config).
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES BOARD BUILD O CROSS_COMPILE QEMU_USER TEST_WRAPPER SKELGEN
src=${TINYSKEL_SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
keys=$src/tests/fixtures/keys
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
# expect_match WHAT FILE REGEX: FILE has a line matching REGEX.
expect_match() {
	grep -qE -- "$3" "$2" && ok "$1" || { fail "$1: expected a line matching '$3' in $2, got:"; sed 's/^/    /' "$2"; }
}
# run_logged LOG CMD...: run, keep output, show it on failure.
run_logged() {
	local log=$1; shift
	"$@" >"$log" 2>&1 && return 0
	echo "command failed: $*"; tail -n 30 "$log"; return 1
}
# doc_block NAME: the fenced code block that follows `<!-- test: NAME -->` in
# docs/integration.md, so the tests build what the docs tell users to copy.
doc_block() {
	awk -v want="<!-- test: $1 -->" '
		$0 == want { armed = 1; next }
		armed && /^```/ { if (inside) exit; inside = 1; next }
		inside { print }' "$src/docs/integration.md"
}
# mk_toolchain DIR PREFIX GNU-TRIPLE MUSL-TRIPLE SYSROOT: DIR/PREFIX-gcc, -ar,
# -ranlib, -strip, a stand-in for the static musl cross toolchain a firmware
# system builds for itself (sysroot built in, as Buildroot's wrapper and
# OpenWrt's toolchain do): Debian's cross gcc, the multiarch musl of
# musl-dev:<arch>, and SYSROOT's usr/include and usr/lib.
mk_toolchain() {
	local dir=$1 p=$2 gnu=$3 musl=$4 sysroot=$5 inc t
	inc=$("$gnu-gcc" -print-file-name=include)
	mkdir -p "$dir"
	cat >"$dir/$p-gcc" <<WRAP
#!/bin/sh
M=/usr/lib/$musl
for a; do case \$a in -c|-S|-E|-M|-MM) exec $gnu-gcc -nostdinc -isystem $sysroot/usr/include \\
	-isystem /usr/include/$musl -isystem $inc "\$@";; esac; done
exec $gnu-gcc -nostdinc -isystem $sysroot/usr/include -isystem /usr/include/$musl -isystem $inc \\
	-static -nostdlib -L$sysroot/usr/lib -L\$M -B\$M \$M/crt1.o \$M/crti.o "\$@" \\
	-Wl,--start-group -lc -lgcc -Wl,--end-group \$M/crtn.o
WRAP
	chmod +x "$dir/$p-gcc"
	for t in ar ranlib strip readelf; do ln -sf "$(command -v "$gnu-$t")" "$dir/$p-$t"; done
}
# stage_kernel_headers GNU-TRIPLE DIR: the target's kernel UAPI headers in
# DIR (a sysroot's usr/include), as a toolchain's linux-headers put them.
stage_kernel_headers() {
	mkdir -p "$2"
	cp -a "/usr/$1/include/linux" "/usr/$1/include/asm" "/usr/$1/include/asm-generic" "$2/"
}
# copy_tree SRC DEST: a checkout without build outputs and VCS data, as a
# local-source fetch (Buildroot's SITE_METHOD=local rsync, Yocto's file://).
copy_tree() {
	mkdir -p "$2"
	tar -C "$1" --exclude=./build --exclude=./.git --exclude=./.config -cf - . | tar -C "$2" -xf -
}
