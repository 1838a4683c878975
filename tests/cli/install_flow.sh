#!/usr/bin/env bash
# The README's integration: `make install`, then a project that includes
# tinyskel.mk, lets it turn foo.bpf.c into foo.lskel.h at build time and
# links with pkg-config's flags.  Builds (and, as root, runs) the result.
set -u
src=${TINYSKEL_SRC:-.}
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
make -s -C "$src" install PREFIX="$t/prefix" >"$t/install.log" 2>&1 || { cat "$t/install.log"; exit 1; }
# A staging tree (DESTDIR, PREFIX=/usr as on the target): the .pc names the
# target's paths; the README's PKG_CONFIG_SYSROOT_DIR line finds the staged ones.
make -s -C "$src" install DESTDIR="$t/stage" PREFIX=/usr >"$t/stage.log" 2>&1 || { cat "$t/stage.log"; exit 1; }
grep -qx "prefix=/usr" "$t/stage/usr/lib/pkgconfig/tinyskel.pc" || { echo "FAIL: staged .pc prefix: $(grep prefix= "$t/stage/usr/lib/pkgconfig/tinyskel.pc")"; exit 1; }
staged=$(PKG_CONFIG_SYSROOT_DIR="$t/stage" PKG_CONFIG_LIBDIR="$t/stage/usr/lib/pkgconfig" pkg-config --cflags --libs tinyskel)
[ "$(echo $staged)" = "-I$t/stage/usr/include -L$t/stage/usr/lib -ltinyskel" ] ||
	{ echo "FAIL: pkg-config on the staging tree: '$staged'"; exit 1; }
echo "staging tree: $staged"
# The installed default is stated (issue 11): pkg-config and install's output.
pol=$(PKG_CONFIG_PATH="$t/prefix/lib/pkgconfig" pkg-config --variable=policy tinyskel)
case $pol in
require-signed*|allow-unsigned*) echo "installed policy: $pol" ;;
*) echo "FAIL: tinyskel.pc states no policy (got '$pol')"; exit 1 ;;
esac
grep -q "signature policy $pol" "$t/install.log" || { echo "FAIL: make install did not say the policy"; exit 1; }
mkdir "$t/proj"
cp "$src/examples/tpcount/tpcount.bpf.c" "$src/examples/tpcount/tpcount.c" "$t/proj/"
cat > "$t/proj/Makefile" <<MK
include $t/prefix/share/tinyskel/tinyskel.mk
TINYSKEL_SKELGEN = $t/prefix/bin/skelgen
tpcount: tpcount.c tpcount.lskel.h
	\$(CC) -o \$@ tpcount.c \$(shell PKG_CONFIG_PATH=$t/prefix/lib/pkgconfig pkg-config --cflags --libs tinyskel)
MK
make -s -C "$t/proj" tpcount >"$t/build.log" 2>&1 || { cat "$t/build.log"; echo "FAIL: project build"; exit 1; }
[ -s "$t/proj/tpcount.lskel.h" ] || { echo "FAIL: no header generated"; exit 1; }
echo "built $(ls -l "$t/proj/tpcount" | awk '{print $5}') bytes from the installed tree"
if [ "$(id -u)" = 0 ]; then
	[ -d /sys/kernel/tracing/events ] || mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null
	"$t/proj/tpcount" 4 | tee "$t/run.log"
	grep -q "counted 4 -> exact" "$t/run.log" || { echo "FAIL: run"; exit 1; }
fi
