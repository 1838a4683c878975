# tapp - an application recipe using tinyskel.bbclass, as a user's layer
# would hold it (tests/integration/yocto.sh).
SUMMARY = "tinyskel integration test app"
LICENSE = "BSD-2-Clause"
SRC_URI = "file://tapp.c file://count.bpf.c"

inherit tinyskel

TINYSKEL_SKELETONS = "count.bpf.c:count_signed count.bpf.c:count_plain:unsigned"

do_compile() {
	${CC} ${CFLAGS} ${LDFLAGS} -Wall -Wextra -Werror -I${B} -o ${B}/tapp ${S}/tapp.c -ltinyskel
}

do_install() {
	install -D -m 0755 ${B}/tapp ${D}${bindir}/tapp
}
