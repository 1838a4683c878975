#!/usr/bin/env bash
# The drop-in corpus (tests/corpus/*.bpf.c, one object per feature class),
# each through bpftool 7.1 and skelgen:
#   1. skelgen exits 0 (or refuses struct_ops with one line naming the map);
#   2. skelgen's header compiles alone with gcc, clang, g++, clang++ and
#      musl-gcc (no kernel headers), -Wall -Wextra -Werror;
#   3. tests/corpus/app_open.c builds unchanged against both headers
#      (NAME.types.h, when present, plays the app's own shared types);
#   4. as root on a BPF kernel: both open, load, attach, run the same
#      syscalls, and every global section holds the same bytes afterwards.
# A bpftool header that does not build or open is counted, not failed:
# the promise is "where bpftool's works, ours works too".
set -u
. "$(dirname "$0")/lib.bash"
command -v bpftool >/dev/null || { echo "bpftool not installed"; exit 77; }
command -v clang >/dev/null || { echo "clang not installed"; exit 77; }
d=$src/tests/corpus
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
ma=$(gcc -print-multiarch)
can_load=0
[ "$(id -u)" = 0 ] && [ -e /sys/kernel/btf/vmlinux ] && can_load=1
fail=0 n_obj=0 n_bt_ok=0 n_same=0 n_ours_only=0 n_hdr=0
bad() { echo "FAIL $*"; fail=1; }

# __kconfig externs take the device kernel's values (skelgen refuses the
# build host's silently): here the device is this machine.
kver=$(uname -r | sed 's/[^0-9.].*//')
{ zcat /proc/config.gz 2>/dev/null || cat "/boot/config-$(uname -r)" 2>/dev/null; } > "$t/kernel.config"

for f in "$d"/*.bpf.c; do
	n=$(basename "$f" .bpf.c)
	kflags=""
	# __kconfig externs also come from libbpf's headers (BPF_KSYSCALL, usdt.bpf.h)
	if [ -s "$t/kernel.config" ]; then
		kflags="--kconfig $t/kernel.config --kernel-version $kver"
	elif grep -q -e __kconfig -e BPF_KSYSCALL -e usdt.bpf.h "$f"; then
		echo "skip $n: no /proc/config.gz or /boot/config-* for its __kconfig externs"; continue
	fi
	n_obj=$((n_obj + 1))
	clang -O2 -g -target bpf -I/usr/include/$ma -I"$d" -c "$f" -o "$t/$n.bpf.o" 2>"$t/err" ||
		{ bad "$n: clang"; head -5 "$t/err"; continue; }
	# shellcheck disable=SC2086
	"$skelgen" -n "$n" $kflags -o "$t/$n.ours.h" "$t/$n.bpf.o" 2>"$t/err" || { bad "$n: skelgen: $(cat "$t/err")"; continue; }
	# 2. the header alone, every compiler, C and C++
	printf '#include "%s"\nint use_%s(void);\nint use_%s(void) { return (int)sizeof(struct %s); }\n' \
		"$t/$n.ours.h" "$n" "$n" "$n" > "$t/tu.c"
	cp "$t/tu.c" "$t/tu.cc"
	# a program or map named like a C++ keyword: C only, C++ stops at skelgen's #error
	cxx_only=0
	grep -q '^#error "skelgen: .* C++ keyword' "$t/$n.ours.h" && cxx_only=1
	for cc in "gcc -std=c11" "clang -std=c11" "g++ -std=c++11" "clang++ -std=c++11" "musl-gcc -std=c11" \
		"gcc -std=gnu11" "clang++ -std=gnu++17"; do
		set -- $cc
		command -v "$1" >/dev/null || continue
		case $1 in *++) tu=$t/tu.cc ;; *) tu=$t/tu.c ;; esac
		if [ $cxx_only = 1 ] && [ "$tu" = "$t/tu.cc" ]; then
			if $cc -I"$src/include" -c "$tu" -o "$t/tu.o" 2>"$t/err" || ! grep -q "error: .*skelgen: .* C++ keyword" "$t/err"; then
				bad "$n: $cc did not stop at skelgen's #error"; head -3 "$t/err"
			fi
			continue
		fi
		$cc -Wall -Wextra -Werror -I"$src/include" -c "$tu" -o "$t/tu.o" 2>"$t/err" ||
			{ bad "$n: header does not compile with $cc"; head -5 "$t/err"; }
	done
	n_hdr=$((n_hdr + 1))
	# 3. one app source, both headers
	secs=$(grep -o "^struct ${n}__[A-Za-z0-9_]* {" "$t/$n.ours.h" | sed "s/^struct ${n}__//; s/ {//; s/.*/X(&)/" | tr '\n' ' ')
	types=""
	[ -e "$d/$n.types.h" ] && types="-include $d/$n.types.h"
	app() { # app KIND HEADER [-I... LIB]
		local kind=$1 hdr=$2 inc=${3:-} lib=${4:-}
		gcc -std=gnu11 -Wall -Wextra -Werror -O1 $types -DNAME="$n" -DHDR="\"$hdr\"" "-DSECTIONS=$secs" \
			$inc "$d/app_open.c" $lib -o "$t/app.$n.$kind" 2>"$t/err.$kind"
	}
	bt=0
	if bpftool gen skeleton -L "$t/$n.bpf.o" name "$n" > "$t/$n.bpftool.h" 2>"$t/err" && app bpftool "$t/$n.bpftool.h"; then
		bt=1
	fi
	app ours "$t/$n.ours.h" -I"$src/include" "$build/libtinyskel.a" ||
		{ bad "$n: app does not build against skelgen's header"; head -8 "$t/err.ours"; continue; }
	[ $can_load = 1 ] || { echo "ok   $n (compiled; not root: not run)"; continue; }
	# 4. run both, compare
	"$t/app.$n.ours" > "$t/out.ours" 2>&1; ro=$?
	# string literals: skel->rodata_str1_1 shows them (bpftool's view is an empty struct)
	if [ "$n" = strings ]; then
		lit=$(awk -F'[+=]' '$1 == "rodata_str1_1" && $3 != 0 { printf "%c", $3 }' "$t/out.ours")
		[ "$lit" = literal-string ] && echo "ok   strings: skel->rodata_str1_1 holds \"$lit\"" ||
			bad "strings: skel->rodata_str1_1 holds '$lit', want 'literal-string'"
	fi
	if [ $bt = 1 ]; then
		"$t/app.$n.bpftool" > "$t/out.bpftool" 2>&1; rb=$?
		[ $rb = 0 ] && n_bt_ok=$((n_bt_ok + 1))
		if [ $rb = 0 ] && [ $ro != 0 ]; then
			bad "$n: bpftool's opens and loads (exit 0), ours exit $ro"; head -5 "$t/out.ours"; continue
		fi
		# the bytes both headers show (bpftool's structs stop at the last
		# variable, ours at the section's size)
		if [ $rb = 0 ]; then
			if ! awk -F= 'NR == FNR { b[$1] = $2; next } ($1 in b) { n++; if (b[$1] != $2) { print "differs: " $0 " bpftool " b[$1]; bad = 1 } }
				END { if (!n) { print "no common bytes"; bad = 1 } exit bad }' "$t/out.bpftool" "$t/out.ours"; then
				bad "$n: global data differs after the same run"; continue
			fi
			n_same=$((n_same + 1))
			echo "ok   $n: same bytes in $(echo "$secs" | wc -w) sections after the same run"
		else
			echo "ok   $n: bpftool's exit $rb, ours exit $ro ($(head -1 "$t/out.ours"))"
		fi
	else
		echo "note $n: bpftool's header does not build: $(grep -m1 error "$t/err.bpftool" "$t/err" 2>/dev/null | head -1)"
		[ $ro = 0 ] || { bad "$n: ours exit $ro"; head -3 "$t/out.ours"; continue; }
		n_ours_only=$((n_ours_only + 1))
		echo "ok   $n: ours opens, loads, runs"
	fi
done

# No clash with libbpf's skel_internal.h (before or after ours), with a
# bpftool header in the same file, or with <linux/bpf.h> + the runtime's UAPI.
for order in "ours first" "skel_internal first" "bpftool header too" "runtime UAPI too"; do
	case $order in
	"runtime UAPI too") printf '#include <linux/bpf.h>\n#include <tinyskel_uapi.h>\n#include "%s"\n' "$t/scalars.ours.h" ;;
	"ours first") printf '#include "%s"\n#include <bpf/skel_internal.h>\n' "$t/scalars.ours.h" ;;
	"skel_internal first") printf '#include <bpf/skel_internal.h>\n#include "%s"\n' "$t/scalars.ours.h" ;;
	*) printf '#include "%s"\n#include "%s"\n' "$t/issue_repro.bpftool.h" "$t/scalars.ours.h" ;;
	esac > "$t/both.c"
	printf 'int f(void);\nint f(void) { return (int)sizeof(struct bpf_map_desc) + (int)sizeof(struct scalars); }\n' >> "$t/both.c"
	gcc -std=gnu11 -Wall -Wextra -Werror -include errno.h -I"$src/include" -c "$t/both.c" -o "$t/both.o" 2>"$t/err" ||
		{ bad "skelgen's header with libbpf's ($order)"; head -5 "$t/err"; }
done

# An app in the style of upstream light-skeleton programs, unchanged against
# both headers of scalars (bpftool 7.1 has no -S, hence -DNO_KEYRING_ID for
# its build only); as root both must print the same.
mkdir -p "$t/bt"; cp "$t/scalars.bpftool.h" "$t/bt/scalars.lskel.h"
mkdir -p "$t/ours"; cp "$t/scalars.ours.h" "$t/ours/scalars.lskel.h"
up=$d/apps/upstream_style.c
if gcc -std=gnu11 -Wall -Wextra -Werror -DNO_KEYRING_ID -include "$d/scalars.types.h" -I"$t/bt" "$up" -o "$t/up.bt" 2>"$t/err"; then
	for c in clang gcc; do
		$c -std=gnu11 -Wall -Wextra -Werror -include "$d/scalars.types.h" -I"$t/ours" -I"$src/include" "$up" \
			"$build/libtinyskel.a" -o "$t/up.ours" 2>"$t/err" ||
			{ bad "upstream_style: does not build against ours with $c"; head "$t/err"; }
	done
	if [ $can_load = 1 ] && [ -x "$t/up.ours" ]; then
		"$t/up.bt" > "$t/up.out.bt" 2>&1; "$t/up.ours" > "$t/up.out.ours" 2>&1
		diff -u "$t/up.out.bt" "$t/up.out.ours" || bad "upstream_style: outputs differ"
		echo "ok   upstream_style: same output: $(tr '\n' ' ' < "$t/up.out.ours")"
	fi
else
	bad "upstream_style: does not build against bpftool's header (test broken)"; head "$t/err"
fi

# A libbpf-linked app (ring_buffer__new on a skeleton map), both headers.
mkdir -p "$t/bt2" "$t/ours2"
cp "$t/ringbuf.bpftool.h" "$t/bt2/ringbuf.lskel.h"; cp "$t/ringbuf.ours.h" "$t/ours2/ringbuf.lskel.h"
rc=$d/apps/ringbuf_consumer.c
if gcc -std=gnu11 -Wall -Wextra -Werror -include "$d/ringbuf.types.h" -I"$t/bt2" "$rc" -lbpf -o "$t/rc.bt" 2>"$t/err"; then
	gcc -std=gnu11 -Wall -Wextra -Werror -include "$d/ringbuf.types.h" -I"$t/ours2" -I"$src/include" "$rc" \
		"$build/libtinyskel.a" -lbpf -o "$t/rc.ours" 2>"$t/err" || { bad "ringbuf_consumer: does not build against ours"; head "$t/err"; }
	if [ $can_load = 1 ] && [ -x "$t/rc.ours" ]; then
		"$t/rc.bt" > "$t/rc.out.bt" 2>&1; "$t/rc.ours" > "$t/rc.out.ours" 2>&1 || bad "ringbuf_consumer: ours exit $?"
		diff -u "$t/rc.out.bt" "$t/rc.out.ours" || bad "ringbuf_consumer: outputs differ"
		echo "ok   ringbuf_consumer: $(cat "$t/rc.out.ours")"
	fi
else
	bad "ringbuf_consumer: does not build against bpftool's header (test broken)"; head "$t/err"
fi

# An app written for bpftool's header that attaches a tracepoint program
# itself (bpftool 7.1's __attach() skips those): unchanged against ours it
# must count the same, not fail with EEXIST on a link ours already holds.
mkdir -p "$t/bt3" "$t/ours3"
cp "$t/handtp.bpftool.h" "$t/bt3/handtp.lskel.h"; cp "$t/handtp.ours.h" "$t/ours3/handtp.lskel.h"
ha=$d/apps/hand_attach.c
if gcc -std=gnu11 -Wall -Wextra -Werror -I"$t/bt3" "$ha" -o "$t/ha.bt" 2>"$t/err"; then
	gcc -std=gnu11 -Wall -Wextra -Werror -I"$t/ours3" -I"$src/include" "$ha" "$build/libtinyskel.a" -o "$t/ha.ours" 2>"$t/err" ||
		{ bad "hand_attach: does not build against ours"; head "$t/err"; }
	[ -d /sys/kernel/tracing/events ] || mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null
	if [ $can_load = 1 ] && [ -x "$t/ha.ours" ] && [ -d /sys/kernel/tracing/events/syscalls ]; then
		"$t/ha.bt" > "$t/ha.out.bt" 2>&1; "$t/ha.ours" > "$t/ha.out.ours" 2>&1 || bad "hand_attach: ours exit $?"
		grep -q "getppid_calls=7" "$t/ha.out.bt" || bad "hand_attach: bpftool's build did not count 7 (test broken): $(cat "$t/ha.out.bt")"
		diff -u "$t/ha.out.bt" "$t/ha.out.ours" || bad "hand_attach: outputs differ"
		echo "ok   hand_attach: $(tr '\n' ' ' < "$t/ha.out.ours")"
	fi
else
	bad "hand_attach: does not build against bpftool's header (test broken)"; head "$t/err"
fi

# struct_ops: refused by name, one line, no header written
if [ -r /sys/kernel/btf/vmlinux ] && bpftool btf dump file /sys/kernel/btf/vmlinux format c > "$t/vmlinux.h" 2>/dev/null &&
	clang -O2 -g -target bpf -I"$t" -c "$src/tests/cli/structops.bpf.c" -o "$t/so.bpf.o" 2>/dev/null; then
	n_obj=$((n_obj + 1))
	if "$skelgen" -o "$t/so.h" "$t/so.bpf.o" 2>"$t/err"; then
		bad "struct_ops: skelgen exit 0"
	elif [ "$(wc -l < "$t/err")" != 1 ] || ! grep -q "demo_cc" "$t/err" || [ -e "$t/so.h" ]; then
		bad "struct_ops: expected one line naming map demo_cc and no header, got: $(cat "$t/err")"
	else
		echo "ok   struct_ops refused: $(cat "$t/err")"
	fi
fi
echo "corpus: $n_obj objects, $n_hdr headers compiled in every mode; run: bpftool's worked $n_bt_ok," \
	"same bytes $n_same, ours-only (bpftool's header does not build) $n_ours_only"
exit $fail
