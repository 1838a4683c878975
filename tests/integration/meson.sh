#!/usr/bin/env bash
# meson with the installed pkg-config file: the meson.build and
# meson_options.txt of docs/integration.md (extracted, so the docs cannot
# drift from what is tested) build tests/integration/cmake/tapp.c against
# `make install DESTDIR=`, its headers generated (one signed) at build time.
set -u
. "$(dirname "$0")/lib.bash"
b=$src/build/integration/meson
rm -rf "$b"; mkdir -p "$b/src"
for tool in meson ninja pkg-config; do
	command -v $tool >/dev/null || { echo "FAIL: $tool not installed (scripts/install-deps.sh host)"; exit 1; }
done
run_logged "$b/install.log" make -C "$src" install DESTDIR="$b/stage" PREFIX=/usr || exit 1

doc_block meson.build >"$b/src/meson.build"
doc_block meson_options.txt >"$b/src/meson_options.txt"
[ -s "$b/src/meson.build" ] && [ -s "$b/src/meson_options.txt" ] ||
	{ echo "FAIL: docs/integration.md lost its meson blocks"; exit 1; }
cp "$src/tests/integration/cmake/tapp.c" "$src/tests/integration/cmake/count.bpf.c" "$b/src/"

# The staged tree as a sysroot: tinyskel.pc says prefix=/usr.
export PKG_CONFIG_PATH=$b/stage/usr/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$b/stage
export PATH=$b/stage/usr/bin:$PATH   # skelgen, as a host package would put it on PATH
run_logged "$b/setup.log" meson setup "$b/build" "$b/src" \
	-Dsign_key="$keys/p256.key.pem" -Dsign_cert="$keys/p256.crt.pem" \
	-Dbpf_cflags="-I/usr/include/$(gcc -print-multiarch)" || exit 1
expect_match "meson found tinyskel through pkg-config" "$b/setup.log" 'Run-time dependency tinyskel found: YES'
run_logged "$b/build.log" ninja -C "$b/build" -v || exit 1
expect_match "compiled against the staged header" "$b/build.log" "-I$b/stage/usr/include"

"$b/build/tapp" info >"$b/info" 2>&1 || fail "tapp info exited $?"
expect_match "signed at build time (P-256)" "$b/info" '^count_signed: 4 signatures: chain\([0-9]+ bytes\) loadtime\([0-9]+ bytes\) inloader\([0-9]+ bytes\) inloader\([0-9]+ bytes\)$'
expect_match "plain header unsigned" "$b/info" '^count_plain: 0 signatures:$'
if [ "$(id -u)" = 0 ]; then
	"$b/build/tapp" count 500 >"$b/count" 2>&1
	expect_match "loads on this kernel and counts" "$b/count" '^scheme none: counted 500 of 500 -> exact$'
else
	echo "note: not root, the real-kernel load was not run"
fi
# ---------------------------------------------------------------- cross, aarch64
# A meson cross file for a static musl toolchain with its sysroot built in
# (lib.bash's stand-in), the aarch64 package staged as that sysroot, and the
# BPF flags docs/integration.md gives for cross builds.
xs=$b/stage-aarch64
cross_setup() {
	run_logged "$b/install-aarch64.log" make -C "$src" BOARD=qemu-arm64 install-lib DESTDIR="$xs" PREFIX=/usr || return 1
	mk_toolchain "$b/tc" aarch64-linux-musl aarch64-linux-gnu aarch64-linux-musl "$xs"
	mkdir -p "$b/bpf-headers" && ln -sfn /usr/include/bpf "$b/bpf-headers/bpf"
	printf '%s\n' "[binaries]" "c = '$b/tc/aarch64-linux-musl-gcc'" "ar = '$b/tc/aarch64-linux-musl-ar'" \
		"strip = '$b/tc/aarch64-linux-musl-strip'" "pkgconfig = 'pkg-config'" "" \
		"[properties]" "sys_root = '$xs'" "pkg_config_libdir = '$xs/usr/lib/pkgconfig'" "" \
		"[host_machine]" "system = 'linux'" "cpu_family = 'aarch64'" "cpu = 'aarch64'" "endian = 'little'" \
		>"$b/aarch64.cross"
	env -u PKG_CONFIG_PATH -u PKG_CONFIG_SYSROOT_DIR meson setup "$b/build-aarch64" "$b/src" \
		--cross-file "$b/aarch64.cross" -Dsign_key="$keys/p256.key.pem" -Dsign_cert="$keys/p256.crt.pem" \
		-Dbpf_cflags="-nostdinc,-isystem,$(clang -print-resource-dir)/include,-I/usr/aarch64-linux-gnu/include,-I$b/bpf-headers,-D__TARGET_ARCH_arm64" \
		>"$b/setup-aarch64.log" 2>&1 || { tail -n 30 "$b/setup-aarch64.log"; return 1; }
	run_logged "$b/build-aarch64.log" ninja -C "$b/build-aarch64" -v
}
if ! command -v aarch64-linux-gnu-gcc >/dev/null || ! command -v qemu-aarch64-static >/dev/null; then
	fail "aarch64-linux-gnu-gcc or qemu-aarch64-static missing (scripts/install-deps.sh cross)"
elif cross_setup; then
	expect_match "cross: compiled against the staged header" "$b/build-aarch64.log" "-I$xs/usr/include "
	expect_match "cross: linked against the staged aarch64 library" "$b/build-aarch64.log" "(-L$xs/usr/lib |$xs/usr/lib/libtinyskel\.a)"
	file -b "$b/build-aarch64/tapp" >"$b/aarch64.file"
	expect_match "cross: static aarch64 binary" "$b/aarch64.file" 'ELF 64-bit LSB .*ARM aarch64.*statically linked'
	qemu-aarch64-static "$b/build-aarch64/tapp" info >"$b/aarch64.info" 2>&1 || fail "cross: tapp info exited $?"
	expect_match "cross: signed at build time" "$b/aarch64.info" '^count_signed: 4 signatures: chain\([0-9]+ bytes\) loadtime\([0-9]+ bytes\) inloader\([0-9]+ bytes\) inloader\([0-9]+ bytes\)$'
	expect_match "cross: plain header unsigned" "$b/aarch64.info" '^count_plain: 0 signatures:$'
else
	fail "cross: meson setup/build for aarch64"
fi
[ $fails = 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "meson integration passed (host, aarch64)"
