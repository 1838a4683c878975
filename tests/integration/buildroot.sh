#!/usr/bin/env bash
# The Buildroot BR2_EXTERNAL tree (integration/buildroot/), as far as this
# machine can run it without Buildroot's downloads:
#   - its Config.in read by kconfig (Buildroot's language), a BR2 .config made;
#   - package/tinyskel/tinyskel.mk's own commands, unedited, run by
#     tests/integration/buildroot/harness.mk (Buildroot's generic-package and
#     host-generic-package flow, variables as Buildroot sets them) for a static
#     aarch64 musl toolchain, then an application package that calls its
#     TINYSKEL_SKELETON helper;
#   - results: the BR2 choices in tinyskel's .config, static AArch64 objects
#     in staging, nothing on the target but the app, skelgen in HOST_DIR, the
#     app's signed header and its run under qemu-user; a relative key refused.
set -u
. "$(dirname "$0")/lib.bash"
b=$src/build/integration/buildroot
rm -rf "$b"; mkdir -p "$b"
ext=$src/integration/buildroot
here=$src/tests/integration/buildroot
tc=aarch64-buildroot-linux-musl
out=$b/out staging=$b/out/host/$tc/sysroot
for t in kconfig-conf aarch64-linux-gnu-gcc qemu-aarch64-static clang; do
	command -v $t >/dev/null || { echo "FAIL: $t missing (scripts/install-deps.sh)"; exit 1; }
done

# ---------------------------------------------------------------- BR2 .config
cat >"$b/br2.defconfig" <<EOF
BR2_PACKAGE_TINYSKEL=y
# BR2_PACKAGE_TINYSKEL_SCHEME_INLOADER is not set
BR2_PACKAGE_TINYSKEL_POLICY_ALLOW_UNSIGNED=y
BR2_PACKAGE_TINYSKEL_KEYRING_CUSTOM=y
BR2_PACKAGE_TINYSKEL_KEYRING_CUSTOM_ID=42
BR2_PACKAGE_HOST_TINYSKEL=y
BR2_PACKAGE_HOST_TINYSKEL_SIGN_KEY="$keys/p256.key.pem"
BR2_PACKAGE_HOST_TINYSKEL_SIGN_CERT="$keys/p256.crt.pem"
EOF
# Buildroot's kconfig writes symbols without a CONFIG_ prefix.
BR2_EXTERNAL_TINYSKEL_PATH=$ext CONFIG_='' KCONFIG_CONFIG=$b/br2.config \
	run_logged "$b/kconfig.log" kconfig-conf --defconfig="$b/br2.defconfig" "$here/Config.in" ||
	{ echo "FAIL: kconfig refused integration/buildroot/Config.in"; exit 1; }
expect_match "Config.in: schemes default on" "$b/br2.config" '^BR2_PACKAGE_TINYSKEL_SCHEME_CHAIN=y$'
expect_match "Config.in.host: default signing schemes" "$b/br2.config" '^BR2_PACKAGE_HOST_TINYSKEL_SCHEMES="chain,loadtime,inloader"$'

# Every BR2_PACKAGE_TINYSKEL_<SYM> is a tinyskel Kconfig symbol, and the .mk maps each.
for sym in $(sed -n 's/^config BR2_PACKAGE_TINYSKEL_//p' "$ext/package/tinyskel/Config.in"); do
	grep -qx "config $sym" "$src/Kconfig" || fail "Config.in offers $sym, which tinyskel's Kconfig does not have"
	[ "$sym" = KEYRING_CUSTOM_ID ] && continue
	grep -q "[ 	]$sym\b" "$ext/package/tinyskel/tinyskel.mk" || fail "tinyskel.mk does not pass BR2_PACKAGE_TINYSKEL_$sym on"
done
# Every scheme, policy and keyring choice of tinyskel's Kconfig has its BR2
# twin: a new one fails here until the package offers it.
for sym in $(sed -n 's/^config \(SCHEME_\|POLICY_\|KEYRING_\|PROBE_\)/\1/p' "$src/Kconfig"); do
	grep -qx "config BR2_PACKAGE_TINYSKEL_$sym" "$ext/package/tinyskel/Config.in" ||
		fail "tinyskel's Kconfig has $sym, which the Buildroot package does not offer"
done

# ---------------------------------------------------------------- toolchain, staging
mk_toolchain "$out/host/bin" $tc aarch64-linux-gnu aarch64-linux-musl "$staging"
stage_kernel_headers aarch64-linux-gnu "$staging/usr/include"   # the toolchain's linux-headers
mkdir -p "$out/host/include" && ln -s /usr/include/bpf "$out/host/include/bpf"   # host-libbpf's headers

# As on a Buildroot host without kconfig-frontends: scripts/mkconfig.sh's awk.
harness() {
	MKCONFIG_NO_KCONFIG_CONF=1 make -f "$here/harness.mk" BR_CONFIG="$b/br2.config" OUT="$out" BR2_EXTERNAL_TINYSKEL_PATH="$ext" \
		TOOLCHAIN_PREFIX=$tc TEST_PACKAGES="$here/package/tapp/tapp.mk" TAPP_SRC="$src/tests/integration/cmake" "$@"
}
run_logged "$b/build.log" harness tapp || { echo "FAIL: the recipes' commands failed"; exit 1; }

# ---------------------------------------------------------------- results
bd=$out/build/tinyskel
expect_match "BR2 policy reached tinyskel's .config" "$bd/.config" '^CONFIG_POLICY_ALLOW_UNSIGNED=y$'
expect_match "BR2 scheme off reached tinyskel's .config" "$bd/.config" '^# CONFIG_SCHEME_INLOADER is not set$'
expect_match "BR2 keyring serial reached tinyskel's .config" "$bd/.config" '^CONFIG_KEYRING_CUSTOM_ID=42$'
expect_match "the runtime was compiled with TARGET_CC and TARGET_CFLAGS" "$b/build.log" \
	"$tc-gcc .*-Os -g0 -D_FORTIFY_SOURCE=1 .*-c runtime/load/load.c"
for f in usr/include/tinyskel.h usr/lib/libtinyskel.a usr/lib/pkgconfig/tinyskel.pc \
	usr/lib/cmake/tinyskel/tinyskelConfig.cmake; do
	[ -f "$staging/$f" ] && ok "staging has $f" || fail "staging lacks $f"
done
readelf -h "$staging/usr/lib/libtinyskel.a" | sed -n 's/^ *\(Class\|Machine\): *//p' | sort | uniq -c >"$b/elf"
expect_match "every object in staging's libtinyskel.a is ELF64 AArch64" "$b/elf" '^ *[0-9]+ AArch64$'
[ "$(wc -l <"$b/elf")" = 2 ] || fail "mixed objects in libtinyskel.a: $(cat "$b/elf")"
( cd "$out/target" && find . -type f ) >"$b/target-files"
[ "$(cat "$b/target-files")" = ./usr/bin/tapp ] && ok "the target filesystem holds only the app" ||
	fail "target filesystem: expected only ./usr/bin/tapp, got: $(tr '\n' ' ' <"$b/target-files")"
"$out/host/bin/skelgen" --version >"$b/skelgen.version" 2>&1
expect_match "host-tinyskel installed skelgen in HOST_DIR" "$b/skelgen.version" '^skelgen \(tinyskel\) '
expect_match "TINYSKEL_SKELETON compiled BPF without the host's headers" "$b/build.log" \
	"^clang -target bpfel .*-D__TARGET_ARCH_arm64 -nostdinc .* -I$staging/usr/include "
file -b "$out/target/usr/bin/tapp" >"$b/tapp.file"
expect_match "the app is a static aarch64 binary" "$b/tapp.file" 'ELF 64-bit LSB .*ARM aarch64.*statically linked'
qemu-aarch64-static "$out/target/usr/bin/tapp" info >"$b/tapp.info" 2>&1 || fail "tapp info under qemu exited $?"
expect_match "the app's header was signed by the helper (P-256, BR2 schemes)" "$b/tapp.info" \
	'^count_signed: 4 signatures: chain\([0-9]+ bytes\) loadtime\([0-9]+ bytes\) inloader\([0-9]+ bytes\) inloader\([0-9]+ bytes\)$'
expect_match "the helper's unsigned variant" "$b/tapp.info" '^count_plain: 0 signatures:$'

# A key given relative (it would be looked up in the package's source tree) is refused.
if harness BR2_PACKAGE_HOST_TINYSKEL_SIGN_KEY='"tests/fixtures/keys/p256.key.pem"' tapp >"$b/relkey.log" 2>&1; then
	fail "a relative signing key path was accepted"
else
	expect_match "a relative key path is refused" "$b/relkey.log" 'must both be set, as absolute paths'
fi
[ $fails = 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "buildroot recipe commands passed"
