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

# Sizes: x86_64-musl static, --gc-sections, stripped, as a firmware build.
L=$B/lib-musl
mkdir -p "$L"
make -s --no-print-directory BOARD=x86_64-musl O="$L" lib >/dev/null
# The same archive without the after-load objects: what the base app
# would link if this feature set did not exist.
NEW="map_ops map_batch percpu ringbuf user_ringbuf links pin pin_skel attach_slot attach_xdp attach_tcx attach_cgroup
 attach_ksyscall attach_kmulti attach_uprobe attach_perf_link uprobe_elf"
mkdir -p "$L/without"
objs=""
for o in "$L"/runtime/*.o; do
	n=$(basename "$o" .o)
	case " $(echo $NEW) " in *" $n "*) ;; *) objs="$objs $o" ;; esac
done
rm -f "$L/without/libtinyskel.a" && ar rcs "$L/without/libtinyskel.a" $objs
build() { # OUT FEATURE LIB
	musl-gcc "${W[@]}" -Os -static -Wl,--gc-sections -ffunction-sections -fdata-sections -Iinclude \
		-include "$L/include/tinyskel_config.h" -I"$B" -DFEATURE="$2" -o "$1" bench/feature_app.c "$3"
	strip "$1"
}
bytes() { size "$1" | awk 'NR==2 {print $1 + $2}'; }
build "$B/app0" 0 "$L/libtinyskel.a"
build "$B/app0-without" 0 "$L/without/libtinyskel.a"
base=$(bytes "$B/app0")
echo "### Bytes each feature adds (x86_64 static musl, -Os, --gc-sections; text+data)"
echo
echo "Base app (load, attach, destroy): $base bytes; the same app linked against the runtime"
echo "without any after-load object: $(bytes "$B/app0-without") bytes (an app that uses none pays nothing)."
echo
echo "| feature | functions | + bytes |"
echo "|---|---|---:|"
names=("" "map ops" "map batches" "possible CPUs" "ring buffer + poller" "XDP" "tcx" "cgroup" "ksyscall"
	"kprobe.multi" "uprobe + ELF reader" "pinning" "user ring buffer")
fns=("" "lookup/update/delete/get_next_key/lookup_and_delete" "lookup_batch, update_batch" "possible_cpus"
	"ringbuf_open/poll/consume/close" "attach_xdp" "attach_tcx" "attach_cgroup" "attach_ksyscall"
	"attach_kprobe_multi" "attach_uprobe" "pin_skel, pinned_open" "user_ringbuf_open/reserve/submit/close")
for f in $(seq 1 12); do
	build "$B/app$f" "$f" "$L/libtinyskel.a"
	echo "| ${names[$f]} | ${fns[$f]} | $(($(bytes "$B/app$f") - base)) |"
done
