#!/usr/bin/env bash
# The OpenWrt feed (integration/openwrt), as far as this machine can run it
# without OpenWrt's downloads: a fake TOPDIR (tests/integration/openwrt:
# rules.mk, package.mk/host-build.mk/bpf.mk reduced to the flow and the
# variables OpenWrt gives a package) with the feed linked in as
# `./scripts/feeds install` would, then, unedited:
#   package/tinyskel's Package/libtinyskel/config read by kconfig into .config,
#   its HostBuild (skelgen into STAGING_DIR_HOSTPKG) and its BuildPackage
#   (static AArch64 libtinyskel.a into STAGING_DIR) for an aarch64 musl toolchain,
#   an app package compiling BPF with bpf.mk's CompileBPF pipeline (opt/llc,
#   debug stripped) and signing with include/tinyskel.mk's TinyskelSkeleton,
#   the app run under qemu-aarch64; a relative key refused.
set -u
. "$(dirname "$0")/lib.bash"
b=$src/build/integration/openwrt
rm -rf "$b"; mkdir -p "$b"
here=$src/tests/integration/openwrt
top=$b/openwrt
for t in kconfig-conf aarch64-linux-gnu-gcc qemu-aarch64-static clang opt llc llvm-strip; do
	command -v $t >/dev/null || { echo "FAIL: $t missing (scripts/install-deps.sh)"; exit 1; }
done

# ---------------------------------------------------------------- the tree
mkdir -p "$top/include" "$top/feeds" "$top/package/feeds/tinyskel"
cp "$here/rules.mk" "$top/" && cp "$here"/include/*.mk "$top/include/"
ln -s "$src/integration/openwrt" "$top/feeds/tinyskel"                       # src-link tinyskel ...
ln -s ../../../feeds/tinyskel/package/tinyskel "$top/package/feeds/tinyskel/tinyskel"   # feeds install
ln -s "$here/package/tapp" "$top/package/tapp"
staging=$top/staging_dir/target-aarch64_cortex-a53_musl
mk_toolchain "$top/staging_dir/toolchain-aarch64_cortex-a53_gcc-12_musl/bin" aarch64-openwrt-linux-musl \
	aarch64-linux-gnu aarch64-linux-musl "$staging"
# What OpenWrt's bpf-headers package stages: the kernel's UAPI and tools/lib/bpf.
bh=$staging/bpf-headers
mkdir -p "$bh/include/uapi" "$bh/arch/arm64/include/uapi" "$bh/tools/lib"
cp -a /usr/aarch64-linux-gnu/include/linux /usr/aarch64-linux-gnu/include/asm-generic "$bh/include/uapi/"
cp -a /usr/aarch64-linux-gnu/include/asm "$bh/arch/arm64/include/uapi/"
ln -s /usr/include/bpf "$bh/tools/lib/bpf"
pkg=$top/package/feeds/tinyskel/tinyskel
ow() { make -C "$1" TOPDIR="$top" TAPP_SRC="$src/tests/integration/cmake" "${@:2}"; }

# ---------------------------------------------------------------- .config
{ echo 'mainmenu "OpenWrt (tinyskel harness)"'; ow "$pkg" -s dump-config; } >"$b/Config.in" 2>"$b/dump.log" ||
	{ echo "FAIL: dump-config"; cat "$b/dump.log"; exit 1; }
cat >"$b/owrt.defconfig" <<EOF
CONFIG_PACKAGE_libtinyskel=y
# CONFIG_TINYSKEL_SCHEME_INLOADER is not set
CONFIG_TINYSKEL_POLICY_ALLOW_UNSIGNED=y
CONFIG_TINYSKEL_KEYRING_ID=-3
CONFIG_TINYSKEL_SIGN_KEY="$keys/p384.key.pem"
CONFIG_TINYSKEL_SIGN_CERT="$keys/p384.crt.pem"
EOF
KCONFIG_CONFIG=$top/.config run_logged "$b/kconfig.log" kconfig-conf --defconfig="$b/owrt.defconfig" "$b/Config.in" ||
	{ echo "FAIL: kconfig refused Package/libtinyskel/config"; exit 1; }
expect_match "Package/libtinyskel/config: default schemes to sign" "$top/.config" '^CONFIG_TINYSKEL_SIGN_SCHEMES="chain,loadtime,inloader"$'

# ---------------------------------------------------------------- build
export MKCONFIG_NO_KCONFIG_CONF=1    # an OpenWrt host has no kconfig-frontends
run_logged "$b/host.log" ow "$pkg" host-install || { echo "FAIL: HostBuild"; exit 1; }
run_logged "$b/target.log" ow "$pkg" compile || { echo "FAIL: BuildPackage libtinyskel"; exit 1; }
run_logged "$b/tapp.log" ow "$top/package/tapp" compile || { echo "FAIL: the app package"; exit 1; }

# ---------------------------------------------------------------- results
"$top/staging_dir/hostpkg/bin/skelgen" --version >"$b/skelgen.version" 2>&1
expect_match "HostBuild installed skelgen in STAGING_DIR_HOSTPKG" "$b/skelgen.version" '^skelgen \(tinyskel\) '
bd=$top/build_dir/target-aarch64_cortex-a53_musl/tinyskel-0.1
expect_match "CONFIG_TINYSKEL_POLICY_ALLOW_UNSIGNED reached tinyskel's .config" "$bd/.config" '^CONFIG_POLICY_ALLOW_UNSIGNED=y$'
expect_match "a scheme switched off reached tinyskel's .config" "$bd/.config" '^# CONFIG_SCHEME_INLOADER is not set$'
expect_match "keyring -3 became the session keyring" "$bd/.config" '^CONFIG_KEYRING_SESSION=y$'
expect_match "compiled with TARGET_CC and TARGET_CFLAGS" "$b/target.log" 'aarch64-openwrt-linux-musl-gcc .*-mcpu=cortex-a53 .*-fstack-protector .*-c runtime/load/load.c'
for f in usr/include/tinyskel.h usr/lib/libtinyskel.a usr/lib/pkgconfig/tinyskel.pc usr/lib/cmake/tinyskel/tinyskelConfig.cmake; do
	[ -f "$staging/$f" ] && ok "Build/InstallDev staged $f" || fail "staging lacks $f"
done
readelf -h "$staging/usr/lib/libtinyskel.a" | sed -n 's/^ *\(Class\|Machine\): *//p' | sort | uniq -c >"$b/elf"
expect_match "every object in libtinyskel.a is AArch64" "$b/elf" '^ *[0-9]+ AArch64$'
[ "$(wc -l <"$b/elf")" = 2 ] || fail "mixed objects in libtinyskel.a: $(cat "$b/elf")"
app=$top/build_dir/target-aarch64_cortex-a53_musl/tapp-1/ipkg-tapp/usr/bin/tapp
file -b "$app" >"$b/tapp.file" 2>&1
expect_match "the app's package holds a static aarch64 binary" "$b/tapp.file" 'ELF 64-bit LSB .*ARM aarch64.*statically linked'
qemu-aarch64-static "$app" info >"$b/tapp.info" 2>&1 || fail "tapp info under qemu exited $?"
expect_match "TinyskelSkeleton signed CompileBPF's stripped object (P-384)" "$b/tapp.info" \
	'^count_signed: 4 signatures: chain\([0-9]+ bytes\) loadtime\([0-9]+ bytes\) inloader\([0-9]+ bytes\) inloader\([0-9]+ bytes\)$'
expect_match "the unsigned variant" "$b/tapp.info" '^count_plain: 0 signatures:$'

rm -f "$top"/build_dir/target-*/tapp-1/.built
if ow "$top/package/tapp" compile TINYSKEL_SIGN_KEY=keys/p384.key.pem >"$b/relkey.log" 2>&1; then
	fail "a relative key path was accepted"
else
	expect_match "a relative key path is refused" "$b/relkey.log" 'must both be set, as absolute paths'
fi
[ $fails = 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "openwrt package commands passed"
