# tinyskel.bbclass - build and sign BPF light-skeleton headers in do_compile.
#
#   inherit tinyskel
#   TINYSKEL_SKELETONS = "foo.bpf.c:foo  debug.bpf.c:debug:unsigned"
#
# Each entry SOURCE[:NAME[:unsigned]] (SOURCE relative to ${S}) becomes
# ${TINYSKEL_OUTDIR}/NAME.lskel.h before the recipe's own do_compile runs
# (a prefunc), compiled by clang-native for the target and signed by
# tinyskel-native's skelgen.  The recipe links the runtime with -ltinyskel.
#
# Signing, in the style of UBOOT_SIGN_ENABLE / UBOOT_SIGN_KEYDIR /
# UBOOT_SIGN_KEYNAME (set them in local.conf or a distro conf, never in a
# layer that ships the key):
#   TINYSKEL_SIGN_ENABLE = "1"
#   TINYSKEL_SIGN_KEYDIR = "/secure/keys"      absolute, outside ${TOPDIR}'s sources
#   TINYSKEL_SIGN_KEYNAME = "fw"               -> fw.key (private key), fw.crt (certificate)
#   TINYSKEL_SIGN_SCHEMES = "chain,loadtime,inloader"   skelgen --scheme
#
# The BPF objects see only the target sysroot's headers (${STAGING_INCDIR}:
# linux-libc-headers and libbpf's bpf/*.h), never the build host's.

DEPENDS += "tinyskel tinyskel-native clang-native ${TINYSKEL_BPF_DEPENDS}"
# libbpf's bpf_helpers.h for the BPF sources; "" if the layer provides its own.
TINYSKEL_BPF_DEPENDS ?= "libbpf"

TINYSKEL_SKELETONS ?= ""
TINYSKEL_OUTDIR ?= "${B}"
TINYSKEL_BPF_CLANG ?= "clang"
TINYSKEL_BPF_CFLAGS ?= "-O2 -g"
TINYSKEL_SIGN_ENABLE ?= "0"
TINYSKEL_SIGN_KEYDIR ?= ""
TINYSKEL_SIGN_KEYNAME ?= ""
TINYSKEL_SIGN_SCHEMES ?= "chain,loadtime,inloader"

tinyskel_gen_skeletons() {
	# bpf_tracing.h's spelling of the target CPU, and its byte order.
	case "${TARGET_ARCH}" in
	aarch64*) arch=arm64 ;;
	arm*) arch=arm ;;
	x86_64|i?86) arch=x86 ;;
	riscv*) arch=riscv ;;
	mips*) arch=mips ;;
	powerpc*) arch=powerpc ;;
	*) arch=${TARGET_ARCH} ;;
	esac
	target=bpfel
	[ "${SITEINFO_ENDIANNESS}" = be ] && target=bpfeb
	sign=""
	if [ "${TINYSKEL_SIGN_ENABLE}" = 1 ]; then
		key=${TINYSKEL_SIGN_KEYDIR}/${TINYSKEL_SIGN_KEYNAME}.key
		crt=${TINYSKEL_SIGN_KEYDIR}/${TINYSKEL_SIGN_KEYNAME}.crt
		case "${TINYSKEL_SIGN_KEYDIR}" in
		/*) ;;
		*) bbfatal "TINYSKEL_SIGN_KEYDIR must be an absolute path outside the sources (got '${TINYSKEL_SIGN_KEYDIR}')" ;;
		esac
		case "${TINYSKEL_SIGN_KEYDIR}/" in
		"${S}/"*|"${WORKDIR}/"*) bbfatal "TINYSKEL_SIGN_KEYDIR is inside the recipe's sources: keep keys out of them" ;;
		esac
		[ -r "$key" ] && [ -r "$crt" ] || bbfatal "tinyskel: cannot read $key and $crt"
		sign="-k $key -i $crt --scheme ${TINYSKEL_SIGN_SCHEMES}"
	fi
	resdir=$(${TINYSKEL_BPF_CLANG} -print-resource-dir)
	mkdir -p ${TINYSKEL_OUTDIR}
	for entry in ${TINYSKEL_SKELETONS}; do
		src=${entry%%:*}
		rest=${entry#"$src"}; rest=${rest#:}
		name=${rest%%:*}
		[ -n "$name" ] || { name=$(basename "$src"); name=${name%.c}; name=${name%.bpf}; }
		mode=${rest#"$name"}; mode=${mode#:}
		obj=${TINYSKEL_OUTDIR}/$name.bpf.o
		bbnote "tinyskel: $src -> $name.lskel.h${mode:+ ($mode)}"
		${TINYSKEL_BPF_CLANG} -target $target -D__TARGET_ARCH_$arch ${TINYSKEL_BPF_CFLAGS} \
			-nostdinc -isystem $resdir/include -I${STAGING_INCDIR} \
			-c ${S}/$src -o $obj || bbfatal "tinyskel: clang failed on $src"
		if [ "$mode" = unsigned ]; then
			skelgen --name $name -o ${TINYSKEL_OUTDIR}/$name.lskel.h $obj
		else
			skelgen $sign --name $name -o ${TINYSKEL_OUTDIR}/$name.lskel.h $obj
		fi || bbfatal "tinyskel: skelgen failed on $obj"
	done
}
do_compile[prefuncs] += "tinyskel_gen_skeletons"
# Rebuild the headers when the key or its choice changes.
do_compile[vardeps] += "TINYSKEL_SKELETONS TINYSKEL_SIGN_ENABLE TINYSKEL_SIGN_KEYDIR TINYSKEL_SIGN_KEYNAME TINYSKEL_SIGN_SCHEMES TINYSKEL_BPF_CFLAGS"
