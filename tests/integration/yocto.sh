#!/usr/bin/env bash
# The Yocto layer (integration/yocto/meta-tinyskel), as far as this machine
# can run it without bitbake and oe-core (downloads): the recipe's and the
# class's own shell tasks, read from the files by bitbake-lite.bash and run
# with the variables bitbake would give them, for an armv7 musl target:
#   tinyskel-native  do_compile/do_install:class-native -> skelgen in the native sysroot
#   tinyskel         do_configure/do_compile/do_install  -> static ARM objects in ${D}
#   tapp             an app recipe: `inherit tinyskel`, its headers generated and
#                    signed (TINYSKEL_SIGN_KEYDIR/KEYNAME) by the class's do_compile
#                    prefunc, run under qemu-arm; keys inside ${S} or relative refused.
set -u
. "$(dirname "$0")/lib.bash"
b=$src/build/integration/yocto
rm -rf "$b"; mkdir -p "$b"
layer=$src/integration/yocto/meta-tinyskel
here=$src/tests/integration/yocto
recipe=$layer/recipes-devtools/tinyskel/tinyskel_0.1.bb
for t in arm-linux-gnueabihf-gcc qemu-arm-static clang; do
	command -v $t >/dev/null || { echo "FAIL: $t missing (scripts/install-deps.sh)"; exit 1; }
done

# Layer files bitbake needs to find everything.
for f in conf/layer.conf classes/tinyskel.bbclass; do [ -f "$layer/$f" ] && ok "layer has $f" || fail "layer lacks $f"; done
grep -q '^BBCLASSEXTEND = "native nativesdk"$' "$recipe" && ok "recipe extends to native and nativesdk" ||
	fail "recipe lacks BBCLASSEXTEND = \"native nativesdk\""
# LIC_FILES_CHKSUM must match the file it names (bitbake's do_populate_lic checks it).
want=$(sed -n 's/.*beginline=1;endline=1;md5=\([0-9a-f]*\)".*/\1/p' "$recipe")
have=$(head -n 1 "$src/include/tinyskel.h" | md5sum | cut -d' ' -f1)
[ -n "$want" ] && [ "$want" = "$have" ] && ok "LIC_FILES_CHKSUM matches include/tinyskel.h" ||
	fail "LIC_FILES_CHKSUM md5 '$want', include/tinyskel.h line 1 has '$have'"

tmp=$b/tmp
native=$tmp/sysroots-native       # recipe-sysroot-native of the consumers
rsys=$tmp/recipe-sysroot          # recipe-sysroot (target) of the consumers
tc=arm-poky-linux-musleabi
mk_toolchain "$native/usr/bin" $tc arm-linux-gnueabihf arm-linux-musleabihf "$rsys"
stage_kernel_headers arm-linux-gnueabihf "$rsys/usr/include"         # linux-libc-headers
ln -s /usr/include/bpf "$rsys/usr/include/bpf"                        # libbpf (TINYSKEL_BPF_DEPENDS)
export EXTRA_OEMAKE=-j2 MKCONFIG_NO_KCONFIG_CONF=1                    # no kconfig-frontends either
export PATH=$native/usr/bin:$PATH

# run_recipe LOG CLASS FILE TASKS...: parse FILE (after the caller's variables) and run TASKS.
run_recipe() {
	local log=$1 cls=$2 file=$3; shift 3
	(
		. "$here/bitbake-lite.bash"; bb_layer=$layer
		bb_parse "$file"
		mkdir -p "$S" "$B" "$D"
		[ -n "${FETCH:-}" ] && copy_tree "$FETCH" "$S"
		for t in "$@"; do echo "=== $t"; bb_task "$t" "$cls" || exit 1; done
	) >"$log" 2>&1
}

# ---------------------------------------------------------------- tinyskel-native
(
	export WORKDIR=$tmp/work/tinyskel-native PN=tinyskel-native FETCH=$src
	export D=$WORKDIR/image prefix=$native/usr
	export CC=gcc CFLAGS="-isystem$native/usr/include -O2 -pipe" \
		LDFLAGS="-L$native/usr/lib -Wl,-rpath-link,$native/usr/lib -Wl,-rpath,$native/usr/lib -Wl,-O1"
	run_recipe "$b/native.log" native "$recipe" do_configure do_compile do_install
) || { fail "tinyskel-native tasks"; tail -n 20 "$b/native.log"; }
img=$tmp/work/tinyskel-native/image
[ -x "$img$native/usr/bin/skelgen" ] && ok "tinyskel-native installs skelgen into its prefix" || fail "no skelgen in tinyskel-native's image"
cp -a "$img$native/usr/." "$native/usr/"     # do_populate_sysroot, then the consumer's prepare_recipe_sysroot

# ---------------------------------------------------------------- nativesdk-tinyskel
# The SDK's skelgen: :class-nativesdk tasks, SDK prefix (built with the host gcc here:
# the SDK host is this machine's architecture).
sdkprefix=/usr/local/oe-sdk-hardcoded-buildpath/sysroots/x86_64-pokysdk-linux/usr
(
	export WORKDIR=$tmp/work/nativesdk-tinyskel PN=nativesdk-tinyskel FETCH=$src
	export D=$WORKDIR/image prefix=$sdkprefix CC=gcc CFLAGS="-isystem$native/usr/include -O2" LDFLAGS="-Wl,-O1"
	run_recipe "$b/nativesdk.log" nativesdk "$recipe" do_configure do_compile do_install
) || { fail "nativesdk-tinyskel tasks"; tail -n 20 "$b/nativesdk.log"; }
[ -x "$tmp/work/nativesdk-tinyskel/image$sdkprefix/bin/skelgen" ] && ok "nativesdk-tinyskel installs skelgen into the SDK prefix" ||
	fail "no skelgen in nativesdk-tinyskel's image"
[ ! -e "$tmp/work/nativesdk-tinyskel/image$sdkprefix/lib/libtinyskel.a" ] && ok "... and no target library" ||
	fail "nativesdk-tinyskel installed the target library"

# ---------------------------------------------------------------- tinyskel (target)
yflags="-O2 -pipe -g -feliminate-unused-debug-types -fstack-protector-strong -D_FORTIFY_SOURCE=2 -Wformat -Wformat-security -Werror=format-security"
target_env() {
	export CC="$tc-gcc -mthumb -mfpu=neon -mfloat-abi=hard -mcpu=cortex-a8" AR=$tc-ar
	export CFLAGS="$yflags" LDFLAGS="-Wl,-O1 -Wl,--hash-style=gnu -Wl,--as-needed -Wl,-z,relro,-z,now"
	export TARGET_ARCH=arm SITEINFO_ENDIANNESS=le prefix=/usr bindir=/usr/bin libdir=/usr/lib STAGING_INCDIR=$rsys/usr/include
}
(
	target_env
	export WORKDIR=$tmp/work/tinyskel PN=tinyskel FETCH=$src D=$tmp/work/tinyskel/image
	export TINYSKEL_SCHEMES="chain loadtime" TINYSKEL_POLICY=ALLOW_UNSIGNED   # as local.conf would
	run_recipe "$b/target.log" "" "$recipe" do_configure do_compile do_install
) || { fail "tinyskel tasks"; tail -n 20 "$b/target.log"; }
w=$tmp/work/tinyskel
expect_match "TINYSKEL_SCHEMES reached tinyskel's .config" "$w/git/.config" '^# CONFIG_SCHEME_INLOADER is not set$'
expect_match "TINYSKEL_POLICY reached tinyskel's .config" "$w/git/.config" '^CONFIG_POLICY_ALLOW_UNSIGNED=y$'
expect_match "compiled with Yocto's CC and CFLAGS" "$b/target.log" "$tc-gcc -mthumb .*-fstack-protector-strong .*-c runtime/load/load.c"
for f in usr/include/tinyskel.h usr/lib/libtinyskel.a usr/lib/pkgconfig/tinyskel.pc usr/lib/cmake/tinyskel/tinyskelConfig.cmake; do
	[ -f "$w/image/$f" ] && ok "\${D} has $f" || fail "\${D} lacks $f"
done
[ ! -e "$w/image/usr/bin" ] && ok "the target package installs no programs" || fail "the target package installed $(ls "$w/image/usr/bin")"
readelf -h "$w/image/usr/lib/libtinyskel.a" | sed -n 's/^ *\(Class\|Machine\): *//p' | sort | uniq -c >"$b/elf"
expect_match "every object in libtinyskel.a is ELF32 ARM" "$b/elf" '^ *[0-9]+ ARM$'
expect_match "... and ELF32" "$b/elf" '^ *[0-9]+ ELF32$'
[ "$(wc -l <"$b/elf")" = 2 ] || fail "mixed objects in libtinyskel.a: $(cat "$b/elf")"
cp -a "$w/image/." "$rsys/"

# ---------------------------------------------------------------- an app recipe using the class
mkdir -p "$b/keys" && cp "$keys/rsa2048.key.pem" "$b/keys/fw.key" && cp "$keys/rsa2048.crt.pem" "$b/keys/fw.crt"
app() {
	target_env
	export WORKDIR=$tmp/work/tapp-$1 PN=tapp FETCH=$src/tests/integration/cmake
	export S=$WORKDIR/sources B=$WORKDIR/build D=$WORKDIR/image
	export TINYSKEL_SIGN_ENABLE=1 TINYSKEL_SIGN_KEYDIR=$2 TINYSKEL_SIGN_KEYNAME=fw
	run_recipe "$b/tapp-$1.log" "" "$here/tapp_1.0.bb" do_compile do_install
}
( app ok "$b/keys" ) || { fail "tapp tasks"; tail -n 20 "$b/tapp-ok.log"; }
a=$tmp/work/tapp-ok
expect_match "the class's prefunc ran before do_compile" "$b/tapp-ok.log" '^NOTE: tinyskel: count.bpf.c -> count_signed.lskel.h$'
expect_match "BPF compiled for arm with only the target sysroot's headers" "$b/tapp-ok.log" \
	"clang -target bpfel -D__TARGET_ARCH_arm .*-nostdinc .* -I$rsys/usr/include "
( . "$here/bitbake-lite.bash"; bb_layer=$layer; bb_parse "$here/tapp_1.0.bb"; echo "$DEPENDS" ) >"$b/depends"
expect_match "inherit tinyskel adds tinyskel, tinyskel-native and clang-native to DEPENDS" "$b/depends" \
	'tinyskel tinyskel-native clang-native'
file -b "$a/image/usr/bin/tapp" >"$b/tapp.file"
expect_match "the app is a static armv7 binary" "$b/tapp.file" 'ELF 32-bit LSB .*ARM, EABI5.*statically linked'
qemu-arm-static "$a/image/usr/bin/tapp" info >"$b/tapp.info" 2>&1 || fail "tapp info under qemu-arm exited $?"
expect_match "the header was signed in do_compile with TINYSKEL_SIGN_KEYDIR/KEYNAME" "$b/tapp.info" \
	'^count_signed: 4 signatures: chain\([0-9]+ bytes\) loadtime\([0-9]+ bytes\) inloader\([0-9]+ bytes\) inloader\([0-9]+ bytes\)$'
expect_match "the :unsigned entry" "$b/tapp.info" '^count_plain: 0 signatures:$'
expect_match "32-bit build, 8-byte long global" "$b/tapp.info" '^bss.hits: 8 bytes$'

# Keys inside the recipe's sources, or relative: refused.
if ( app insrc "$tmp/work/tapp-insrc/sources" ); then fail "a key directory inside \${S} was accepted"
else expect_match "a key directory inside \${S} is refused" "$b/tapp-insrc.log" 'inside the recipe.s sources'; fi
if ( app rel keys ); then fail "a relative key directory was accepted"
else expect_match "a relative key directory is refused" "$b/tapp-rel.log" 'must be an absolute path'; fi

[ $fails = 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "yocto recipe tasks passed"
