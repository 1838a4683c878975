#!/usr/bin/env bash
# Where skelgen's outputs go: a symbolic link is followed (its target gets
# the header, the link stays), a device node or FIFO is written in place
# (never replaced by a regular file), an output that is one of the inputs
# is refused (same st_dev/st_ino, through links too), and --emit-tbs writes
# every .tbs or none.
set -u
src=${TINYSKEL_SRC:-.}
build=${BUILD:-$src/build/host}
skelgen=${SKELGEN:-$src/build/tools/bin/skelgen}
keys=$src/tests/fixtures/keys
good=$build/examples/counter/counter.bpf.o
[ -x "$skelgen" ] && [ -e "$good" ] || { echo "build first (make)"; exit 1; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
cp "$good" "$t/x.bpf.o" && cp "$keys/p256.key.pem" "$t/k.pem" && cp "$keys/p256.crt.pem" "$t/c.pem"
"$skelgen" -o "$t/ref.h" "$t/x.bpf.o" || bad "reference header"

# A refusal: non-zero, one stderr line containing $1, the listed files unchanged.
refused() { # WANT DESCRIPTION -- ARGS...
	local want=$1 what=$2; shift 3
	local sums; sums=$(cd "$t" && find . -type f | sort | xargs md5sum)
	"$skelgen" "$@" 2>"$t/err" >/dev/null; local rc=$?
	if [ $rc -ne 0 ] && [ "$(wc -l < "$t/err")" = 1 ] && grep -q -- "$want" "$t/err" &&
		[ "$(cd "$t" && find . -type f ! -name err | sort | xargs md5sum)" = "$(echo "$sums" | grep -v ' ./err$')" ]; then
		ok "$what: $(cat "$t/err")"
	else
		bad "$what: exit $rc, $(head -c 300 "$t/err"); files changed: $(cd "$t" && find . -type f | sort | xargs md5sum | diff - <(echo "$sums") | head -n 4)"
	fi
}

# Symbolic links are followed.
echo old > "$t/real.h" && ln -s real.h "$t/link.h"
if "$skelgen" -o "$t/link.h" "$t/x.bpf.o" && [ -L "$t/link.h" ] && cmp -s "$t/real.h" "$t/ref.h"; then
	ok "-o symlink: the target is written, the link stays"
else
	bad "-o symlink: link $(stat -c %F "$t/link.h"), target $(head -c 20 "$t/real.h")"
fi
ln -s missing.h "$t/dangling.h"
refused "symbolic link to a file that does not exist" "-o dangling symlink" -- -o "$t/dangling.h" "$t/x.bpf.o"
[ ! -e "$t/missing.h" ] || bad "dangling symlink: its target was created"
mkdir "$t/dir.h"
refused "is a directory" "-o a directory" -- -o "$t/dir.h" "$t/x.bpf.o"

# Device nodes and FIFOs are written in place (our own null device: never /dev/null itself).
if [ "$(id -u)" = 0 ] && mknod "$t/null" c 1 3 2>/dev/null; then
	if "$skelgen" -o "$t/null" "$t/x.bpf.o" && [ -c "$t/null" ]; then
		ok "-o a character device: written in place, still a device"
	else
		bad "-o a character device: now $(stat -c %F "$t/null")"
	fi
	rm -f "$t/null"
else
	echo "skip -o a character device: needs root (mknod)"
fi
mkfifo "$t/fifo"
timeout 20 cat "$t/fifo" > "$t/fifo.out" &  # bounded: a skelgen that never opens it
if "$skelgen" -o "$t/fifo" "$t/x.bpf.o"; wait; [ -p "$t/fifo" ] && cmp -s "$t/fifo.out" "$t/ref.h"; then
	ok "-o a FIFO: the header went through it, still a FIFO"
else
	bad "-o a FIFO: now $(stat -c %F "$t/fifo"), read $(wc -c < "$t/fifo.out") bytes"
fi
rm -f "$t/fifo" "$t/fifo.out"

# An output that is an input is refused, however it is spelled.
ln "$t/x.bpf.o" "$t/hard.h" && ln -s x.bpf.o "$t/soft.h"
refused "is the input" "-o the object" -- -o "$t/x.bpf.o" "$t/x.bpf.o"
refused "is the input" "-o a hard link to the object" -- -o "$t/hard.h" "$t/x.bpf.o"
refused "is the input" "-o a symlink to the object" -- -o "$t/soft.h" "$t/x.bpf.o"
refused "is the input" "-o the key" -- -o "$t/k.pem" -k "$t/k.pem" -i "$t/c.pem" -S "$t/x.bpf.o"
refused "is the input" "-o the certificate" -- -o "$t/c.pem" -k "$t/k.pem" -i "$t/c.pem" -S "$t/x.bpf.o"
mkdir "$t/tbs1" && ln "$t/x.bpf.o" "$t/tbs1/x.chain.tbs"
refused "is the input" "--emit-tbs onto the object" -- --scheme chain --emit-tbs "$t/tbs1" "$t/x.bpf.o"

# --emit-tbs: all or nothing, and no -o to ignore.
mkdir -p "$t/tbs2/x.loadtime.tbs"
refused "is a directory" "--emit-tbs, second .tbs unwritable" -- --scheme chain,loadtime --emit-tbs "$t/tbs2" "$t/x.bpf.o"
[ "$(ls "$t/tbs2")" = x.loadtime.tbs ] || bad "--emit-tbs left files behind: $(ls "$t/tbs2")"
mkdir "$t/tbs3"
refused "emit-tbs writes" "--emit-tbs with -o" -- --scheme chain --emit-tbs "$t/tbs3" -o "$t/y.h" "$t/x.bpf.o"
[ -z "$(ls "$t/tbs3")" ] && [ ! -e "$t/y.h" ] || bad "--emit-tbs with -o wrote $(ls "$t/tbs3") $(ls "$t/y.h" 2>/dev/null)"
if "$skelgen" --scheme chain,loadtime,inloader --emit-tbs "$t/tbs3" "$t/x.bpf.o" &&
	[ "$(ls "$t/tbs3" | tr '\n' ' ')" = "x.chain.tbs x.inloader-noexcl.tbs x.inloader.tbs x.loadtime.tbs " ]; then
	ok "--emit-tbs: every scheme's .tbs, nothing else"
else
	bad "--emit-tbs wrote: $(ls -a "$t/tbs3" | tr '\n' ' ')"
fi
exit $fail
