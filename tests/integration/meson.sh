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
expect_match "signed at build time (P-256)" "$b/info" '^count_signed: 2 signatures: chain\([0-9]+ bytes\) loadtime\([0-9]+ bytes\)$'
expect_match "plain header unsigned" "$b/info" '^count_plain: 0 signatures:$'
if [ "$(id -u)" = 0 ]; then
	"$b/build/tapp" count 500 >"$b/count" 2>&1
	expect_match "loads on this kernel and counts" "$b/count" '^scheme none: counted 500 of 500 -> exact$'
else
	echo "note: not root, the real-kernel load was not run"
fi
[ $fails = 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "meson integration passed"
