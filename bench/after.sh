#!/usr/bin/env bash
# bench/after.sh O - the after-load helpers (issue 13): ring buffer
# records/s, tinyskel vs libbpf's ring_buffer__poll on the same map and
# producer in one run, and the bytes each feature adds to a static musl
# binary.  Called by bench/run.sh; runs alone as `make bench-after`.
# Benchmarks are not tests: nothing here fails on a slow result.
set -euo pipefail
cd "$(dirname "$0")/.."
TOP=$PWD
O=${1:-build/host}
B=$TOP/$O/bench-after
SKELGEN=$TOP/build/tools/bin/skelgen
ROUNDS=${BENCH_RB_ROUNDS:-51}
mkdir -p "$B"
W=(-std=c11 -Wall -Wextra -Werror)

clang -O2 -g -target bpf "-I/usr/include/$(gcc -print-multiarch)" -c bench/rb.bpf.c -o "$B/rb.bpf.o"
"$SKELGEN" -n rb -o "$B/rb.lskel.h" "$B/rb.bpf.o"

echo "### Ring buffer consumer (records/s)"
echo
echo "Same map, same BPF producer (256 records of 8 bytes per getppid(), ring filled before"
echo "the clock starts), drained by each consumer in turn, alternating, in one process."
echo
if [ "$(id -u)" = 0 ] && [ -f /usr/include/bpf/libbpf.h ]; then
	make -s --no-print-directory O="$O" lib >/dev/null
	gcc "${W[@]}" -O2 -Iinclude -I"$B" -o "$B/ringbuf_bench" bench/ringbuf_bench.c "$TOP/$O/libtinyskel.a" -lbpf
	"$B/ringbuf_bench" "$ROUNDS" 200192
	"$B/ringbuf_bench" 11 2000000 | tail -n 1 | sed "s/^/2,000,000 records per round: /"
else
	echo "(skipped: needs root and libbpf-dev)"
fi
echo

# Sizes: static musl, --gc-sections, stripped, as a firmware build, on the
# build machine's x86_64 and on the ARM boards whose cross compilers exist.
mvar() { # BOARD DIR VAR: a variable of the top Makefile for that board
	make -s --no-print-directory BOARD="$1" O="$2" --eval='after-print-%: ; @echo $($*)' "after-print-$3"
}
# The after-load objects: without them, the archive is what an app would
# link if this feature set did not exist.
NEW="map_ops map_batch percpu ringbuf user_ringbuf links pin pin_skel attach_slot attach_xdp attach_tcx
 attach_cgroup attach_ksyscall attach_kmulti attach_uprobe uprobe_elf ringbuf_size op_fail"
names=("" "map ops" "map batches" "possible CPUs" "ring buffer + poller" "XDP" "tcx" "cgroup" "ksyscall"
	"kprobe.multi" "uprobe + ELF reader" "pinning" "user ring buffer")
BOARDS=()
declare -A CC LIBS SZ BASE BASE0 ADD
for b in x86_64-musl qemu-arm64 qemu-armv7; do
	L=$B/lib-$b
	mkdir -p "$L/without"
	cross=$(grep -o '^CONFIG_CROSS_COMPILE="[^"]*"' "boards/$b/defconfig" | cut -d'"' -f2 || true)
	command -v "${cross}gcc" >/dev/null || { echo "(no ${cross}gcc: $b sizes skipped)" >&2; continue; }
	make -s --no-print-directory BOARD="$b" O="$L" lib >/dev/null || continue
	CC[$b]="$(mvar "$b" "$L" TCC) $(mvar "$b" "$L" TARGET_CFLAGS)"
	LIBS[$b]=$(mvar "$b" "$L" TLDLIBS_MUSL)
	SZ[$b]=$(mvar "$b" "$L" TSIZE)
	objs=""
	for o in "$L"/runtime/*/*.o; do # the syscall layer is one object per wrapper
		n=$(basename "$o" .o)
		case " $(echo $NEW) " in *" $n "*) ;; *) objs="$objs $o" ;; esac
	done
	rm -f "$L/without/libtinyskel.a" && ${cross}ar rcs "$L/without/libtinyskel.a" $objs
	BOARDS+=("$b")
done
build() { # BOARD OUT FEATURE LIB
	local L=$B/lib-$1
	# shellcheck disable=SC2086
	${CC[$1]} "${W[@]}" -Os -static -Wl,--gc-sections -ffunction-sections -fdata-sections -Iinclude \
		-include "$L/include/tinyskel_config.h" -I"$B" -DFEATURE="$3" -o "$2" bench/feature_app.c "$4" ${LIBS[$1]}
}
bytes() { ${SZ[$1]} "$2" | awk 'NR==2 {print $1 + $2}'; }
for b in "${BOARDS[@]}"; do
	L=$B/lib-$b
	build "$b" "$B/$b-app0" 0 "$L/libtinyskel.a"
	build "$b" "$B/$b-app0-without" 0 "$L/without/libtinyskel.a"
	BASE[$b]=$(bytes "$b" "$B/$b-app0")
	BASE0[$b]=$(bytes "$b" "$B/$b-app0-without")
	for f in $(seq 1 12); do
		build "$b" "$B/$b-app$f" "$f" "$L/libtinyskel.a"
		ADD[$b.$f]=$(($(bytes "$b" "$B/$b-app$f") - BASE[$b]))
	done
done
echo "### Bytes each feature adds (static musl, -Os, --gc-sections; text+data)"
echo
hdr="| feature |" sep="|---|"
for b in "${BOARDS[@]}"; do hdr="$hdr $b |"; sep="$sep---:|"; done
echo "$hdr"
echo "$sep"
row="| base app (load, attach, destroy) |"
for b in "${BOARDS[@]}"; do row="$row ${BASE[$b]} |"; done
echo "$row"
row="| base app, runtime without the after-load objects |"
for b in "${BOARDS[@]}"; do row="$row ${BASE0[$b]} |"; done
echo "$row"
for f in $(seq 1 12); do
	row="| + ${names[$f]} |"
	for b in "${BOARDS[@]}"; do row="$row ${ADD[$b.$f]} |"; done
	echo "$row"
done
echo
echo "Equal base rows: an app that calls none of these features pays nothing for them."
