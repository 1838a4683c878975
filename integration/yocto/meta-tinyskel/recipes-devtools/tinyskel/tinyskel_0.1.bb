SUMMARY = "Sign and load BPF light skeletons on small Linux devices"
DESCRIPTION = "Target: libtinyskel.a and tinyskel.h (no heap, no libbpf, no \
dependencies). native/nativesdk: skelgen, which turns a BPF object into a \
signed light-skeleton header; see tinyskel.bbclass."
HOMEPAGE = "https://github.com/tinyskel/tinyskel"
LICENSE = "LGPL-2.1-only | BSD-2-Clause"
LIC_FILES_CHKSUM = "file://include/tinyskel.h;beginline=1;endline=1;md5=6b5b0ba6f8f7078c99acc69c0d7e31fb"

# Point TINYSKEL_GIT_URI/SRCREV at your mirror, or build a checkout with
# EXTERNALSRC:pn-tinyskel (docs/integration.md).
TINYSKEL_GIT_URI ?= "git://github.com/tinyskel/tinyskel.git;protocol=https;branch=main"
SRC_URI = "${TINYSKEL_GIT_URI}"
SRCREV ?= "${AUTOREV}"
S = "${WORKDIR}/git"
B = "${S}"

# skelgen's libraries (BearSSL has no oe-core recipe: provide bearssl-native).
DEPENDS:class-native = "libbpf-native elfutils-native zlib-native bearssl-native"
DEPENDS:class-nativesdk = "nativesdk-libbpf nativesdk-elfutils nativesdk-zlib nativesdk-bearssl"

# tinyskel's Kconfig choices (docs/integration.md lists them).
TINYSKEL_SCHEMES ?= "chain loadtime inloader"
TINYSKEL_POLICY ?= "REQUIRE_SIGNED"
TINYSKEL_KEYRING ?= "BUILTIN"
TINYSKEL_KEYRING_ID ?= "0"
TINYSKEL_ERROR_STRINGS ?= "y"

# A defconfig fragment from the variables; the Makefile completes it without
# kconfig-frontends (scripts/mkconfig.sh).
do_configure() {
	rm -f ${B}/.config ${B}/yocto.defconfig
	for s in CHAIN LOADTIME INLOADER; do
		case " $(echo ${TINYSKEL_SCHEMES} | tr a-z A-Z) " in
		*" $s "*) echo "CONFIG_SCHEME_$s=y" ;;
		*) echo "# CONFIG_SCHEME_$s is not set" ;;
		esac
	done >> ${B}/yocto.defconfig
	echo "CONFIG_POLICY_${TINYSKEL_POLICY}=y" >> ${B}/yocto.defconfig
	echo "CONFIG_KEYRING_${TINYSKEL_KEYRING}=y" >> ${B}/yocto.defconfig
	if [ "${TINYSKEL_KEYRING}" = CUSTOM ]; then
		echo "CONFIG_KEYRING_CUSTOM_ID=${TINYSKEL_KEYRING_ID}" >> ${B}/yocto.defconfig
	fi
	if [ "${TINYSKEL_ERROR_STRINGS}" != y ]; then
		echo "# CONFIG_ERROR_STRINGS is not set" >> ${B}/yocto.defconfig
	fi
}

# Target: the library with the cross compiler (CC carries --sysroot and the CPU flags).
do_compile() {
	oe_runmake CC="${CC}" AR="${AR}" CFLAGS="${CFLAGS}" DEFCONFIG=${B}/yocto.defconfig lib
}

do_install() {
	oe_runmake CC="${CC}" AR="${AR}" CFLAGS="${CFLAGS}" DEFCONFIG=${B}/yocto.defconfig \
		PREFIX=${prefix} DESTDIR=${D} install-lib
}

# native/nativesdk: skelgen only.  The Makefile's skelgen rule has no
# flags hook, so the sysroot paths ride in HOSTCC.
do_compile:class-native() {
	oe_runmake HOSTCC="${CC} ${CFLAGS} ${LDFLAGS}" skelgen
}

do_install:class-native() {
	oe_runmake HOSTCC="${CC} ${CFLAGS} ${LDFLAGS}" PREFIX=${prefix} DESTDIR=${D} install-tools
}

do_compile:class-nativesdk() {
	oe_runmake HOSTCC="${CC} ${CFLAGS} ${LDFLAGS}" skelgen
}

do_install:class-nativesdk() {
	oe_runmake HOSTCC="${CC} ${CFLAGS} ${LDFLAGS}" PREFIX=${prefix} DESTDIR=${D} install-tools
}

# The target package is a static library and headers: -staticdev and -dev.
ALLOW_EMPTY:${PN} = "1"
FILES:${PN}-dev += "${libdir}/cmake"

BBCLASSEXTEND = "native nativesdk"
