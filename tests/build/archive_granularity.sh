#!/usr/bin/env bash
# libtinyskel.a is small without linker flags (issue 15): one function (or
# one tight group) per object, so a plain static link -- the README's
# `cc app.c $(pkg-config --libs tinyskel)`, no --gc-sections -- pulls only
# the objects of what the app calls.  Builds the archive twice here (this
# build's config, and boards/x86_64-musl-minimal's), links the examples
# without --gc-sections and reads the link maps:
#  - counter (a raw_tp program) pulls no perf-event attach (attach_perf.o,
#    perf_event_open.o, ioctl.o, read_file.o) nor the iter/tracing kinds;
#    kcount (kprobes) does pull attach_perf.o: the map is read right;
#  - the minimal profile (PROBE_NONE, chain only, ERROR_STRINGS off) pulls
#    no probe (probe.o, probe_layout.o) and no reason text, which the full
#    build's binary has;
#  - an app that only validates a header pulls validate.o and the error
#    path, plus what the header itself references (its attach function,
#    raw_tp_open.o and the bpf() wrapper) and rebuild.o (the compact forms
#    are checked by the rebuild's own rule): no load, probe, mmap or fd code.
set -u
src=${TINYSKEL_SRC:-.}
cd "$src" || exit 1
build=${BUILD:-build/host}
CC=${HOSTCC:-gcc}
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
for e in counter kcount; do
	[ -f "$build/examples/$e/$e.lskel.h" ] || { echo "no $build/examples/$e/$e.lskel.h (make first)"; exit 1; }
done

# NAME CONFIG_HEADER: t/NAME/libtinyskel.a from every runtime source
archive() {
	local d=$t/$1 f
	mkdir -p "$d"
	for f in runtime/*/*.c; do
		$CC -std=c11 -Wall -Wextra -Werror -Os -Iinclude -include "$2" \
			-c "$f" -o "$d/$(basename "$f" .c).o" || return 1
	done
	ar rcs "$d/libtinyskel.a" "$d"/*.o
}
# ARCHIVE EXAMPLE OUT: link without --gc-sections, print the members pulled
members() {
	$CC -std=c11 -Os -Iinclude -include "$(dirname "$1")/config.h" -I"$build/examples/$2" -Iexamples/include \
		-Wl,-Map="$3.map" -o "$3" "examples/$2/$2.c" "$1" || return 1
	grep -o 'libtinyskel\.a([a-z_0-9]*\.o)' "$3.map" | sed 's/.*(\(.*\))/\1/' | sort -u
}
has() { grep -qx "$2" <<<"$1"; }

mkdir -p "$t/full" "$t/min"
cp "$build/include/tinyskel_config.h" "$t/full/config.h"
bash scripts/mkconfig.sh boards/x86_64-musl-minimal/defconfig Kconfig >"$t/min/.config" &&
	bash scripts/kconfig-header.sh "$t/min/.config" >"$t/min/config.h" || { echo "FAIL: minimal config"; exit 1; }
archive full "$t/full/config.h" && archive min "$t/min/config.h" || { echo "FAIL: archive build"; exit 1; }

for lib in full min; do
	a=$t/$lib/libtinyskel.a
	m=$(members "$a" counter "$t/counter.$lib") || { bad "$lib: counter link"; continue; }
	has "$m" load.o && has "$m" attach_raw_tp.o || bad "$lib: counter's map lacks load.o/attach_raw_tp.o: $m"
	for o in attach_perf.o perf_event_open.o ioctl.o read_file.o attach_iter.o attach_tracing.o; do
		has "$m" "$o" && bad "$lib: counter (raw_tp only) pulled $o"
	done
	echo "$lib: counter pulls $(wc -l <<<"$m") objects: $(echo $m)"
	k=$(members "$a" kcount "$t/kcount.$lib") || { bad "$lib: kcount link"; continue; }
	has "$k" attach_perf.o && has "$k" perf_event_open.o || bad "$lib: kcount (kprobes) did not pull attach_perf.o"
	if [ $lib = min ]; then
		for o in probe.o probe_layout.o; do has "$m" "$o" && bad "min: counter pulled $o (PROBE_NONE, chain only)"; done
	fi
done
# Reason text: in the full build's binary, in no minimal one.
for s in "kernel refused the signed loader" "not a tinyskel header" "raw_tp attach: BPF_RAW_TRACEPOINT_OPEN refused"; do
	grep -q "$s" "$t/counter.full" || bad "full build's counter lacks the reason \"$s\" (test broken?)"
	grep -q "$s" "$t/counter.min" && bad "minimal build's counter carries the reason \"$s\""
done

# Validation only: nothing of loading.
cat >"$t/validate_only.c" <<'EOF'
#include "counter.lskel.h"
int main(void)
{
	return tinyskel_validate(&counter__info_desc, 0) != 0;
}
EOF
if $CC -std=c11 -Os -Iinclude -include "$t/full/config.h" -I"$build/examples/counter" -Wl,-Map="$t/v.map" \
	-o "$t/v" "$t/validate_only.c" "$t/full/libtinyskel.a" 2>"$t/v.log"; then
	v=$(grep -o 'libtinyskel\.a([a-z_0-9]*\.o)' "$t/v.map" | sed 's/.*(\(.*\))/\1/' | sort -u)
	for o in $v; do
		case $o in
		validate.o | fail.o | step_name.o | reason.o) ;;              # the check and its error
		rebuild.o) ;;   # the compact forms' positions and sizes, checked by the rebuild's own rule
		attach_kind.o | attach_raw_tp.o | raw_tp_open.o | bpf.o) ;;   # the header's attach_fn
		*) bad "validate-only app pulled $o" ;;
		esac
	done
	echo "validate only: $(echo $v)"
else
	bad "validate-only link"; cat "$t/v.log"
fi
exit $fail
