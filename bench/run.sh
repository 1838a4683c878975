#!/usr/bin/env bash
# bench/run.sh O - tinyskel against bpftool's light skeleton (skel_internal.h)
# and libbpf's full skeleton, measured side by side in one run.
#
#   make bench                      (= bash bench/run.sh build/<board>)
#   BENCH_RUNS=51 BENCH_GEN_RUNS=21 bash bench/run.sh build/host
#
# Everything is built under O/bench/ (own runtime builds per board, in
# O/bench/lib/BOARD, so a board being edited elsewhere is never touched).
# Prints markdown tables; the same text goes to O/bench/results.md.
# Needs root (loads BPF), clang, bpftool, musl-gcc, libbpf-dev (static),
# strace; valgrind and the ARM cross compilers are used when present.
# Benchmarks are not tests: nothing here fails on a slow result.
set -euo pipefail
cd "$(dirname "$0")/.."
TOP=$PWD
O=${1:-build/host}
B=$TOP/$O/bench
RUNS=${BENCH_RUNS:-51}
GEN_RUNS=${BENCH_GEN_RUNS:-21}
SKELGEN=$TOP/build/tools/bin/skelgen
KEYS=$TOP/tests/fixtures/keys
W=(-std=c11 -Wall -Wextra -Werror)
APPOPT=-Os
rm -rf "$B"/{obj,hdr,bin,hc,uapi,log} "$B/results.md"
mkdir -p "$B"/{obj,hdr,bin,hc,uapi,log,lib}
RES=$B/results.md
say() { printf '%s\n' "$*" | tee -a "$RES"; }
note() { printf '%s\n' "$*" >&2; }
# build_lib, mvar, mkuapi, uapi_for, payload, app, bytes, ratio, pctof
. bench/common.sh

for t in clang bpftool musl-gcc strace; do
	command -v $t >/dev/null || { echo "bench: needs $t (make deps)"; exit 1; }
done
[ -x "$SKELGEN" ] || make -s skelgen

# ------------------------------------------------------------------ runtimes
# host: glibc (the loop binary, next to libbpf); x86_64-musl: the firmware
# build measured for size and time; min: x86_64-musl with every size option
# (no error strings, no unwind tables) to show what Kconfig can save.
BOARDS=(x86_64-musl)
declare -A WHY_NOT
note "bench: building runtimes"
build_lib host host
build_lib x86_64-musl x86_64-musl
# minimal: the Kconfig minimal profile as a board defconfig sets it
# (PROBE_NONE, chain only, no error strings; boards/x86_64-musl-minimal).
build_lib minimal x86_64-musl-minimal
build_lib min x86_64-musl '# CONFIG_ERROR_STRINGS is not set
CONFIG_TARGET_CFLAGS="-fno-asynchronous-unwind-tables -fno-unwind-tables"'
for b in rpi4 beaglebone; do
	cross=$(grep -o '^CONFIG_CROSS_COMPILE="[^"]*"' "boards/$b/defconfig" 2>/dev/null | cut -d'"' -f2 || true)
	if [ ! -f "boards/$b/defconfig" ]; then
		WHY_NOT[$b]="no boards/$b"
	elif ! command -v "${cross}gcc" >/dev/null; then
		WHY_NOT[$b]="no ${cross}gcc (make deps-cross)"
	elif ! build_lib "$b" "$b"; then
		WHY_NOT[$b]="make BOARD=$b lib failed (see $O/bench/log/lib-$b.log)"
	else
		BOARDS+=("$b")
	fi
done

# Per-board compile and size commands, taken from the top Makefile.
declare -A TCC TLIBS TSIZE TCF BT_BROKEN
for b in "${BOARDS[@]}"; do
	d=$B/lib/$b
	TCC[$b]=$(mvar "$b" "$d" TCC)
	TLIBS[$b]=$(mvar "$b" "$d" TLDLIBS_MUSL)
	TSIZE[$b]=$(mvar "$b" "$d" TSIZE)
	TCF[$b]=$(mvar "$b" "$d" TARGET_CFLAGS)
done
mkuapi "$B/uapi/native" "/usr/include/$(gcc -print-multiarch)/asm"
mkuapi "$B/uapi/generic" /usr/include/asm-generic

# ------------------------------------------------------------------ objects, headers
OBJS=(counter tpcount big)
note "bench: objects and headers"
BPF_CFLAGS=(-O2 -g -target bpf "-I/usr/include/$(gcc -print-multiarch)" -Iexamples/include)
for n in counter tpcount; do clang "${BPF_CFLAGS[@]}" -c "examples/$n/$n.bpf.c" -o "$B/obj/$n.bpf.o"; done
clang "${BPF_CFLAGS[@]}" -c bench/big.bpf.c -o "$B/obj/big.bpf.o"
SIGN=(-k "$KEYS/rsa2048.key.pem" -i "$KEYS/rsa2048.crt.pem" --scheme chain,loadtime)
for n in "${OBJS[@]}"; do
	o=$B/obj/$n.bpf.o h=$B/hdr
	"$SKELGEN" -n "$n" -o "$h/$n.ts.h" "$o"
	"$SKELGEN" -n "$n" "${SIGN[@]}" -o "$h/$n.tss.h" "$o"
	bpftool gen skeleton -L "$o" name "$n" > "$h/$n.bt.h"
	bpftool gen skeleton "$o" name "$n" > "$h/$n.lb.h"
	# Renamed copies for the in-process loop (all in one binary).
	"$SKELGEN" -n "${n}_ts" -o "$h/${n}_ts.h" "$o"
	"$SKELGEN" -n "${n}_tss" "${SIGN[@]}" -o "$h/${n}_tss.h" "$o"
	bpftool gen skeleton -L "$o" name "${n}_bt" > "$h/${n}_bt.h"
	bpftool gen skeleton "$o" name "${n}_lb" > "$h/${n}_lb.h"
done

# ------------------------------------------------------------------ binaries
# bin/BOARD/NAME.VARIANT: no (baseline), ts, tss (signed), bt (skel_internal.h),
# *-nh (caller-owned storage), *-gc (--gc-sections), ts-min (min runtime);
# bin/glibc/NAME.{no,ts,bt,lb}: static glibc, for libbpf's full skeleton.
note "bench: building apps"
for b in "${BOARDS[@]}"; do
	d=$B/bin/$b lib=$B/lib/$b/libtinyskel.a
	mkdir -p "$d"
	for n in "${OBJS[@]}"; do
		app "$b" "$d/$n.no" noskel.h "$n" ""
		app "$b" "$d/$n.no-nh" noskel.h "$n" "" -DBENCH_NOHEAP
		app "$b" "$d/$n.ts" "$n.ts.h" "$n" "$lib"
		app "$b" "$d/$n.ts-nh" "$n.ts.h" "$n" "$lib" -DBENCH_NOHEAP
		app "$b" "$d/$n.tss" "$n.tss.h" "$n" "$lib"
		# bpftool's header declares BPF `long` globals as C `long`: 32-bit on
		# armv7, where its own static asserts then fail (the struct is wrong
		# there).  Built with the asserts off, for its size only.
		if [ "$(${TCC[$b]} -dM -E - </dev/null | awk '$2=="__SIZEOF_LONG__"{print $3}')" = 4 ]; then
			app "$b" "$d/$n.bt" "$n.bt.h" "$n" "" '-D_Static_assert(e,m)='
			BT_BROKEN[$b]=1
		else
			app "$b" "$d/$n.bt" "$n.bt.h" "$n" ""
		fi
		if [ "$b" = x86_64-musl ]; then
			app "$b" "$d/$n.tm" "$n.ts.h" "$n" "$B/lib/minimal/libtinyskel.a"
			app "$b" "$d/$n.tm-gc" "$n.ts.h" "$n" "$B/lib/minimal/libtinyskel.a" -Wl,--gc-sections
			app "$b" "$d/$n.no-gc" noskel.h "$n" "" -Wl,--gc-sections
			app "$b" "$d/$n.ts-gc" "$n.ts.h" "$n" "$lib" -Wl,--gc-sections
			app "$b" "$d/$n.bt-gc" "$n.bt.h" "$n" "" -Wl,--gc-sections
			app "$b" "$d/$n.ts-min" "$n.ts.h" "$n" "$B/lib/min/libtinyskel.a" -Wl,--gc-sections \
				-fno-asynchronous-unwind-tables
			app "$b" "$d/$n.no-min" noskel.h "$n" "" -Wl,--gc-sections -fno-asynchronous-unwind-tables
			app "$b" "$d/$n.bt-min" "$n.bt.h" "$n" "" -Wl,--gc-sections -fno-asynchronous-unwind-tables
		fi
	done
done
g=$B/bin/glibc
mkdir -p "$g"
GLIBC=(gcc "${W[@]}" $APPOPT -static -Iinclude -Ibench -I"$B/hdr")
for n in "${OBJS[@]}"; do
	"${GLIBC[@]}" -DBENCH_HEADER='"noskel.h"' -DBENCH_NAME="$n" -o "$g/$n.no" bench/app.c
	"${GLIBC[@]}" -DBENCH_HEADER="\"$n.ts.h\"" -DBENCH_NAME="$n" -o "$g/$n.ts" bench/app.c "$B/lib/host/libtinyskel.a"
	"${GLIBC[@]}" -DBENCH_HEADER="\"$n.bt.h\"" -DBENCH_NAME="$n" -o "$g/$n.bt" bench/app.c
	# libbpf's static archive pulls getpwnam etc. through libelf/zlib: glibc warns, harmless here.
	"${GLIBC[@]}" -DBENCH_HEADER="\"$n.lb.h\"" -DBENCH_NAME="$n" -o "$g/$n.lb" bench/app.c \
		-lbpf -lelf -lz 2>"$B/log/lb-$n.log"
done
# N skeletons in one binary (x86_64-musl, counter): each skeleton in its own
# translation unit, as an app with several BPF modules has them; renamed
# headers, so skel_internal.h's static functions repeat per unit and
# tinyskel's archive is linked once.  bin/multi/K.N (K = no, bt, ts, tm).
NMULTI=(1 3 10)
m=$B/bin/multi
mkdir -p "$m" "$B/multi"
for i in $(seq 1 10); do
	"$SKELGEN" -n "counter_m$i" -o "$B/hdr/counter_m$i.ts.h" "$B/obj/counter.bpf.o"
	bpftool gen skeleton -L "$B/obj/counter.bpf.o" name "counter_m$i" > "$B/hdr/counter_m$i.bt.h"
done
multi_unit() { # KIND I: one unit that opens, loads and destroys skeleton I
	local k=$1 i=$2 f=$B/multi/$1_$2.c hdr
	case $k in no) hdr=noskel.h ;; *) hdr=counter_m$i.${k/tm/ts}.h ;; esac
	printf '#include <errno.h>\n#include <stdlib.h>\n#define CAT_(a, b) a##b\n#define CAT(a, b) CAT_(a, b)\n#define SKEL(f) CAT(BENCH_NAME, f)\n#define BENCH_NAME counter_m%d\n#include "%s"\nint use_%d(void);\nint use_%d(void)\n{\n\tstruct counter_m%d *s = counter_m%d__open();\n\tint err;\n\n\tif (!s)\n\t\treturn 1;\n\terr = counter_m%d__load(s);\n\tif (!err)\n\t\terr = counter_m%d__attach(s);\n\tcounter_m%d__destroy(s);\n\treturn err;\n}\n' \
		"$i" "$hdr" "$i" "$i" "$i" "$i" "$i" "$i" "$i" > "$f"
	echo "$f"
}
for N in "${NMULTI[@]}"; do
	main=$B/multi/main_$N.c
	{ for i in $(seq 1 "$N"); do echo "int use_$i(void);"; done
	  echo "int main(void)"; echo "{"; echo "	int err = 0;"
	  for i in $(seq 1 "$N"); do echo "	err |= use_$i();"; done
	  echo "	return err != 0;"; echo "}"; } > "$main"
	for k in no bt ts tm; do
		units=()
		for i in $(seq 1 "$N"); do units+=("$(multi_unit $k "$i")"); done
		case $k in ts) lib=$B/lib/x86_64-musl/libtinyskel.a ;; tm) lib=$B/lib/minimal/libtinyskel.a ;; *) lib= ;; esac
		# shellcheck disable=SC2086
		${TCC[x86_64-musl]} "${W[@]}" $APPOPT -static -Iinclude -Ibench -I"$B/hdr" -isystem "$B/uapi/native" \
			-o "$m/$k.$N" "$main" "${units[@]}" $lib
	done
done
# The harnesses run on the build host only.
gcc "${W[@]}" -O2 -o "$B/bin/spawn" bench/spawn.c
LOOPV=()
for n in "${OBJS[@]}"; do
	for k in ts tss bt lb; do
		gcc "${W[@]}" -O2 -Iinclude -Ibench -I"$B/hdr" -DBENCH_HEADER="\"${n}_$k.h\"" \
			-DBENCH_NAME="${n}_$k" -DBENCH_LABEL="\"$n.$k\"" -c bench/variant.c -o "$B/bin/v-$n-$k.o"
		LOOPV+=("$B/bin/v-$n-$k.o")
	done
done
gcc -static -O2 -Wl,--wrap=syscall -o "$B/bin/loop" bench/loop.c "${LOOPV[@]}" \
	"$B/lib/host/libtinyskel.a" -lbpf -lelf -lz 2>"$B/log/loop-link.log"

# ------------------------------------------------------------------ helpers
date_s=$(date -u +%Y-%m-%dT%H:%MZ)

say "# tinyskel benchmarks ($date_s, $(uname -r), $(nproc) CPUs, runs=$RUNS)"
say ""
say "bpftool $(bpftool version | head -1 | awk '{print $2}'), libbpf-dev $(dpkg-query -W -f='${Version}' libbpf-dev 2>/dev/null || echo '?'), musl $(dpkg-query -W -f='${Version}' musl-dev 2>/dev/null || echo '?'), gcc $(gcc -dumpversion), apps built $APPOPT."
say ""

# ------------------------------------------------------------------ 1. size
say "## 1. Loader overhead in bytes"
say ""
say "overhead = (text+rodata+data) of the static binary - the same app without a skeleton (bench/noskel.h) - payload."
say "Payload: loader instructions + metadata blob (+ signatures for the signed header); the whole ELF object for libbpf's full skeleton."
say "Goal: tinyskel <= 25 % of skel_internal.h's overhead."
say ""
say "| board | object | payload | skel_internal.h | tinyskel | tinyskel / skel_internal | tinyskel no-heap | signed header (2 sigs) |"
say "|---|---|---:|---:|---:|---:|---:|---:|"
for b in "${BOARDS[@]}"; do
	d=$B/bin/$b sz=${TSIZE[$b]}
	for n in "${OBJS[@]}"; do
		base=$(bytes "$d/$n.no" "$sz") basenh=$(bytes "$d/$n.no-nh" "$sz")
		p=$(payload "$B/hdr/$n.ts.h" ts) pb=$(payload "$B/hdr/$n.bt.h" bt) ps=$(payload "$B/hdr/$n.tss.h" ts)
		ob=$(($(bytes "$d/$n.bt" "$sz") - base - pb))
		ot=$(($(bytes "$d/$n.ts" "$sz") - base - p))
		onh=$(($(bytes "$d/$n.ts-nh" "$sz") - basenh - p))
		os=$(($(bytes "$d/$n.tss" "$sz") - base - ps))
		say "| $b | $n | $p | $ob | $ot | $(pctof "$ot" "$ob") | $onh | $os |"
	done
done
say ""
say "x86_64-musl link options (same formula, each against a baseline linked the same way):"
say ""
say "| object | skel_internal.h, --gc-sections | tinyskel, --gc-sections | ratio | skel_internal.h, gc + no unwind tables | tinyskel min (gc, no unwind tables, no error strings) | ratio |"
say "|---|---:|---:|---:|---:|---:|---:|"
d=$B/bin/x86_64-musl
for n in "${OBJS[@]}"; do
	p=$(payload "$B/hdr/$n.ts.h" ts) pb=$(payload "$B/hdr/$n.bt.h" bt)
	bg=$(bytes "$d/$n.no-gc") bm=$(bytes "$d/$n.no-min")
	gb=$(($(bytes "$d/$n.bt-gc") - bg - pb)) gt=$(($(bytes "$d/$n.ts-gc") - bg - p))
	mb=$(($(bytes "$d/$n.bt-min") - bm - pb)) mt=$(($(bytes "$d/$n.ts-min") - bm - p))
	say "| $n | $gb | $gt | $(pctof "$gt" "$gb") | $mb | $mt | $(pctof "$mt" "$mb") |"
done
say ""
say "Static glibc (x86_64), libbpf's full skeleton for reference (libbpf is not available for static musl: Debian ships no musl libbpf/libelf):"
say ""
say "| object | baseline app | skel_internal.h | tinyskel | libbpf full skeleton (+ libelf, zlib) | libbpf / tinyskel |"
say "|---|---:|---:|---:|---:|---:|"
for n in "${OBJS[@]}"; do
	base=$(bytes "$g/$n.no")
	ob=$(($(bytes "$g/$n.bt") - base - $(payload "$B/hdr/$n.bt.h" bt)))
	ot=$(($(bytes "$g/$n.ts") - base - $(payload "$B/hdr/$n.ts.h" ts)))
	ol=$(($(bytes "$g/$n.lb") - base - $(payload "$B/hdr/$n.lb.h" lb)))
	say "| $n | $base | $ob | $ot | $ol | $(ratio "$ol" "$ot") |"
done
say ""
say "Where tinyskel's bytes are (x86_64-musl runtime objects, text+rodata+data; a static link takes every object the app reaches, whole):"
say ""
say "| file | bytes | of which .eh_frame |"
say "|---|---:|---:|"
for f in "$B"/lib/x86_64-musl/runtime/*/*.o; do
	eh=$(size -A "$f" | awk '$1==".eh_frame"{print $2+0}')
	say "| ${f#"$B"/lib/x86_64-musl/} | $(bytes "$f") | ${eh:-0} |"
done
say ""
say "libc functions the tinyskel app links and the skel_internal.h app does not (x86_64-musl, counter): $(nm "$B/bin/x86_64-musl/counter.ts" | awk '$2 ~ /[TtWw]/ {print $3}' | sort -u > "$B/log/sym.ts"; nm "$B/bin/x86_64-musl/counter.bt" | awk '$2 ~ /[TtWw]/ {print $3}' | sort -u > "$B/log/sym.bt"; comm -23 "$B/log/sym.ts" "$B/log/sym.bt" | grep -v '^tinyskel_\|^tsk_\|^counter_\|\.' | tr '\n' ' ')"
for b in rpi4 beaglebone; do
	[ -n "${WHY_NOT[$b]:-}" ] && say "" && say "Board $b not measured: ${WHY_NOT[$b]}."
	[ -n "${BT_BROKEN[$b]:-}" ] && say "" && say "Board $b: bpftool's header does not compile as generated (its \`long\` globals are 32-bit there and its own _Static_asserts fail; the struct does not match the BPF layout). Its binary was built with the asserts disabled, for size only."
done
say ""

# ------------------------------------------------------------------ 1b. profiles (issue 15)
say "## 1b. Profiles and link modes, N skeletons (x86_64-musl, counter)"
say ""
say "Same formula as table 1, each against a baseline linked the same way. \"as the README says\": \`cc app.c \$(pkg-config --libs tinyskel)\`, a plain static link (no --gc-sections); the archive is one function per object. Full: boards/x86_64-musl; minimal: boards/x86_64-musl-minimal (CONFIG_PROBE_NONE, chain only, no error strings)."
say "Goals: minimal <= skel_internal.h; full <= 3x skel_internal.h."
say ""
say "| profile | link | skel_internal.h | tinyskel | tinyskel / skel_internal | goal | met |"
say "|---|---|---:|---:|---:|---:|---|"
d=$B/bin/x86_64-musl n=counter
p=$(payload "$B/hdr/$n.ts.h" ts) pb=$(payload "$B/hdr/$n.bt.h" bt)
base=$(bytes "$d/$n.no") bg=$(bytes "$d/$n.no-gc")
ob=$(($(bytes "$d/$n.bt") - base - pb)) obg=$(($(bytes "$d/$n.bt-gc") - bg - pb))
met() { awk -v a="$1" -v b="$2" -v g="$3" 'BEGIN{print (a <= g * b) ? "met" : "missed"}'; }
for row in "full|as the README says|$n.ts|$base|$ob|3" "full|--gc-sections|$n.ts-gc|$bg|$obg|3" \
	"minimal|as the README says|$n.tm|$base|$ob|1" "minimal|--gc-sections|$n.tm-gc|$bg|$obg|1"; do
	IFS='|' read -r prof link bin bb obt goal <<<"$row"
	o=$(($(bytes "$d/$bin") - bb - p))
	say "| $prof | $link | $obt | $o | $(ratio "$o" "$obt") | <= ${goal}x | $(met "$o" "$obt" "$goal") |"
done
say ""
say "N skeletons in one binary, each in its own translation unit (open, load, attach, destroy), as the README links; overhead = binary - the same N units on bench/noskel.h - N payloads. Goal: 3 skeletons, full profile below skel_internal.h."
say ""
say "| N | skeletons' payload | skel_internal.h | tinyskel full | full / skel_internal | tinyskel minimal | minimal / skel_internal |"
say "|---:|---:|---:|---:|---:|---:|---:|"
for N in "${NMULTI[@]}"; do
	bn=$(bytes "$B/bin/multi/no.$N")
	ob=$(($(bytes "$B/bin/multi/bt.$N") - bn - N * pb))
	ot=$(($(bytes "$B/bin/multi/ts.$N") - bn - N * p))
	om=$(($(bytes "$B/bin/multi/tm.$N") - bn - N * p))
	say "| $N | $((N * p)) | $ob | $ot | $(ratio "$ot" "$ob") | $om | $(ratio "$om" "$ob") |"
done
say ""

# ------------------------------------------------------------------ 1c. parts (issue 24)
note "bench: overhead parts"
bash bench/overhead_parts.sh "$O" | tee -a "$RES"

# ------------------------------------------------------------------ 2. header
say "## 2. Header compactness"
say ""
say "Read-only bytes (.rodata* + .data.rel.ro*) of a translation unit that includes only the header and keeps its load path (x86_64 musl, $APPOPT), against what the header must carry."
say ""
say "Goal (issue 15): excess over blob + signatures <= 256 bytes."
say ""
say "| object | header | ro bytes | blob + sigs | excess | source bytes | source vs bpftool -L |"
say "|---|---|---:|---:|---:|---:|---:|"
robytes() { size -A "$1" | awk '$1 ~ /^\.rodata|^\.data\.rel\.ro/ {s+=$2} END{print s+0}'; }
for n in "${OBJS[@]}"; do
	srcb=$(stat -c %s "$B/hdr/$n.bt.h")
	for k in bt ts tss; do
		f=$B/hc/$n.$k.c
		if [ $k = bt ]; then
			printf '#include <errno.h>\n#include "%s.%s.h"\nint keep(void);\nint keep(void) { return %s__open_and_load() != 0; }\n' "$n" $k "$n" > "$f"
			p=$(payload "$B/hdr/$n.bt.h" bt)
		else
			printf '#include "%s.%s.h"\nconst void *keep(void);\nconst void *keep(void) { return %s__info(); }\n' "$n" $k "$n" > "$f"
			p=$(payload "$B/hdr/$n.$k.h" ts)
		fi
		musl-gcc "${W[@]}" $APPOPT -Iinclude -I"$B/hdr" -isystem "$B/uapi/native" -c "$f" -o "${f%.c}.o"
		ro=$(robytes "${f%.c}.o") src=$(stat -c %s "$B/hdr/$n.$k.h")
		label=$([ $k = bt ] && echo "bpftool -L" || ([ $k = ts ] && echo "skelgen" || echo "skelgen signed"))
		say "| $n | $label | $ro | $p | $((ro - p)) | $src | $(ratio "$src" "$srcb") |"
	done
done
say ""
say "Per signing scheme, next to bpftool's signed header (bench/header_bytes.sh; bpftool 7.1 has no -S, so bpftool -L plus one RSA-2048 signature). Issue 24's goal: -S (every scheme) <= 1.15x."
say ""
bash bench/header_bytes.sh "$O" | tee -a "$RES"
say ""

# ------------------------------------------------------------------ 3. load time
say "## 3. Load time"
say ""
note "bench: fresh-process runs ($RUNS each, interleaved)"
SPV=()
for n in "${OBJS[@]}"; do
	SPV+=("$n.no=$B/bin/x86_64-musl/$n.no" "$n.ts=$B/bin/x86_64-musl/$n.ts" "$n.tss=$B/bin/x86_64-musl/$n.tss"
		"$n.bt=$B/bin/x86_64-musl/$n.bt" "$n.gno=$g/$n.no" "$n.gts=$g/$n.ts" "$n.gbt=$g/$n.bt" "$n.glb=$g/$n.lb")
done
"$B/bin/spawn" "$RUNS" "${SPV[@]}" > "$B/log/fresh.txt"
fr() { awk -v l="$1" -v f="$2" '$1=="fresh" && $2==l {print $f}' "$B/log/fresh.txt"; }
say "### Fresh process: exec to loaded, and to programs attached (median of $RUNS, interleaved; peak RSS = VmHWM at attach)"
say ""
say "musl static for tinyskel and skel_internal.h; libbpf's full skeleton is static glibc, so tinyskel and skel_internal.h are also shown static glibc. 'net' subtracts the same app without a skeleton (fork + exec + libc start). Ratios compare net load times. Attaching is the kernel's tracepoint registration, the same syscall for every loader, and waits for RCU grace periods at random: it is shown, not compared (tpcount: skel_internal.h does not attach tracepoint/ programs at all; tinyskel and libbpf do)."
say ""
say "| object | variant | loaded, median us | p10-p90 | net us | vs skel_internal.h | vs libbpf (glibc) | attached, median us (p10-p90) | peak RSS kB | fails |"
say "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${OBJS[@]}"; do
	mb=$(fr "$n.no" 3) gb=$(fr "$n.gno" 3)
	btn=$(awk -v a="$(fr "$n.bt" 3)" -v b="$mb" 'BEGIN{print a-b}')
	gbtn=$(awk -v a="$(fr "$n.gbt" 3)" -v b="$gb" 'BEGIN{print a-b}')
	lbn=$(awk -v a="$(fr "$n.glb" 3)" -v b="$gb" 'BEGIN{print a-b}')
	for v in no ts tss bt gno gts gbt glb; do
		case $v in
		no) name="no skeleton (musl)" base=$mb ;; ts) name="tinyskel (musl)" base=$mb ;;
		tss) name="tinyskel, signed header (musl)" base=$mb ;;
		bt) name="skel_internal.h (musl)" base=$mb ;; gno) name="no skeleton (glibc)" base=$gb ;;
		gts) name="tinyskel (glibc)" base=$gb ;; gbt) name="skel_internal.h (glibc)" base=$gb ;;
		glb) name="libbpf full skeleton (glibc)" base=$gb ;;
		esac
		med=$(fr "$n.$v" 3)
		net=$(awk -v a="$med" -v b="$base" 'BEGIN{printf "%.0f", a-b}')
		vb=- vl=-
		case $v in ts|tss|bt) vb=$(ratio "$net" "$btn") ;; gts|gbt) vb=$(ratio "$net" "$gbtn") ;; esac
		case $v in gts|gbt|glb) vl=$(ratio "$net" "$lbn") ;; esac
		say "| $n | $name | $med | $(fr "$n.$v" 4)-$(fr "$n.$v" 5) | $net | $vb | $vl | $(fr "$n.$v" 8) ($(fr "$n.$v" 9)-$(fr "$n.$v" 10)) | $(fr "$n.$v" 6) | $(fr "$n.$v" 7) |"
	done
done
say ""

note "bench: in-process loop ($RUNS rounds)"
"$B/bin/loop" "$RUNS" > "$B/log/loop.txt"
lp() { awk -v l="$1" -v f="$2" '$1=="loop" && $2==l {print $f}' "$B/log/loop.txt"; }
say "### Repeated loads in one process (static glibc, all variants in one binary, interleaved; open+load timed, attach timed apart, destroy not timed)"
say ""
say "| object | variant | load median us | p10-p90 us | first load us | vs skel_internal.h | vs libbpf | attach median us | fails |"
say "|---|---|---:|---:|---:|---:|---:|---:|---:|"
for n in "${OBJS[@]}"; do
	for v in ts tss bt lb; do
		case $v in ts) name=tinyskel ;; tss) name="tinyskel signed (fallback)" ;; bt) name=skel_internal.h ;; lb) name="libbpf full" ;; esac
		say "| $n | $name | $(lp "$n.$v" 3) | $(lp "$n.$v" 4)-$(lp "$n.$v" 5) | $(lp "$n.$v" 6) | $(ratio "$(lp "$n.$v" 3)" "$(lp "$n.bt" 3)") | $(ratio "$(lp "$n.$v" 3)" "$(lp "$n.lb" 3)") | $(lp "$n.$v" 8) | $(lp "$n.$v" 7) |"
	done
done
say ""
say "### Where the time goes (us per load, calls in brackets; from the loop binary's syscall(3) wrapper)"
say ""
say "first = the first load in the process (what a device pays once per boot, minus exec); steady = mean of the others. 'user' = everything outside bpf(2): user space, page faults, libc's own syscalls."
say ""
say "| object | variant | load | total us | bpf() by command | user us |"
say "|---|---|---|---:|---|---:|"
for n in "${OBJS[@]}"; do
	for v in ts tss bt lb; do
		for w in first steady; do
			awk -v l="$n.$v" -v w="$w" -v n="$n" -v v="$v" '
				$1=="brk" && $2==l && $3==w {
					if ($4=="user") { user=$6; next }
					tot += $6; s = s sprintf("%s%s %.0f (%.1f)", s==""?"":", ", $4, $6, $5) }
				END { printf "| %s | %s | %s | %.0f | %s | %.0f |\n", n, v, w, tot+user, s, user }' \
				"$B/log/loop.txt" | tee -a "$RES"
		done
	done
done
say ""
say "(ts = tinyskel, tss = tinyskel with a signed header on a kernel that cannot verify, bt = skel_internal.h, lb = libbpf full skeleton.)"
say ""

note "bench: syscall counts"
say "### Syscalls per load (strace, one process, minus the same app without a skeleton)"
say ""
say "| object | variant | syscalls | bpf() | bpf() commands | other |"
say "|---|---|---:|---:|---|---|"
count() { # BIN OUT
	strace -qq -o "$2" "$1" >/dev/null 2>&1 || true
	grep -v '^+++\|^---' "$2" | sed 's/(.*//' | sort | uniq -c > "$2.names"
}
for n in "${OBJS[@]}"; do
	count "$B/bin/x86_64-musl/$n.no" "$B/log/st-$n.no"
	count "$g/$n.no" "$B/log/st-$n.gno"
	for v in ts tss bt glb; do
		bin=$B/bin/x86_64-musl/$n.$v base=$B/log/st-$n.no.names
		[ $v = glb ] && bin=$g/$n.lb base=$B/log/st-$n.gno.names
		count "$bin" "$B/log/st-$n.$v"
		cmds=$(grep -o 'bpf(BPF_[A-Z_]*' "$B/log/st-$n.$v" | sed 's/bpf(BPF_//' | sort | uniq -c |
			awk '{printf "%s%s x%d", (NR > 1 ? ", " : ""), $2, $1}')
		other=$(awk 'NR==FNR{b[$2]=$1; next} $2!="bpf" {d=$1-b[$2]; if (d) { printf "%s%s %+d", (o ? ", " : ""), $2, d; o=1 } }' \
			"$base" "$B/log/st-$n.$v.names")
		tot=$(( $(awk '{s+=$1} END{print s+0}' "$B/log/st-$n.$v.names") - $(awk '{s+=$1} END{print s+0}' "$base") ))
		nb=$(awk '$2=="bpf"{print $1}' "$B/log/st-$n.$v.names")
		name=$(case $v in ts) echo tinyskel;; tss) echo "tinyskel signed (fallback)";; bt) echo skel_internal.h;; glb) echo "libbpf full (glibc)";; esac)
		say "| $n | $name | $tot | ${nb:-0} | $cmds | ${other:--} |"
	done
done
say ""

if command -v valgrind >/dev/null; then
	note "bench: callgrind"
	say "### User-space instructions per process (callgrind; the kernel's work is not counted)"
	say ""
	say "| object | no skeleton (musl) | tinyskel (musl) | skel_internal.h (musl) | no skeleton (glibc) | libbpf full (glibc) | tinyskel / skel_internal.h (net) |"
	say "|---|---:|---:|---:|---:|---:|---:|"
	ir() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" 2>&1 >/dev/null | awk '/Collected/{print $4}'; }
	for n in "${OBJS[@]}"; do
		a=$(ir "$B/bin/x86_64-musl/$n.no") t=$(ir "$B/bin/x86_64-musl/$n.ts") s=$(ir "$B/bin/x86_64-musl/$n.bt")
		c=$(ir "$g/$n.no") l=$(ir "$g/$n.lb")
		say "| $n | $a | $t | $s | $c | $l | $(ratio $((t - a)) $((s - a))) |"
	done
	say ""
fi

# ------------------------------------------------------------------ 4. generation
note "bench: generation ($GEN_RUNS runs each)"
say "## 4. Generation (wall time, median of $GEN_RUNS, interleaved, fork+exec included)"
say ""
med_cmd() { # FILE -> median of numbers in it
	sort -n "$1" | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'
}
timeit() { # OUTFILE CMD...: append one wall time in us
	local out=$1 t0 t1
	shift
	t0=$EPOCHREALTIME
	"$@" >/dev/null 2>&1
	t1=$EPOCHREALTIME
	awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.0f\n", (b-a)*1e6}' >> "$out"
}
say "| object | skelgen us | bpftool gen skeleton -L us | skelgen / bpftool | bpftool gen skeleton (full) us |"
say "|---|---:|---:|---:|---:|"
for n in "${OBJS[@]}"; do
	o=$B/obj/$n.bpf.o t=$B/log/gen-$n
	rm -f "$t".*
	for ((i = 0; i < GEN_RUNS; i++)); do
		timeit "$t.sg" "$SKELGEN" -n "$n" -o /dev/null "$o"
		timeit "$t.bt" bpftool gen skeleton -L "$o" name "$n"
		timeit "$t.lb" bpftool gen skeleton "$o" name "$n"
	done
	a=$(med_cmd "$t.sg") b=$(med_cmd "$t.bt")
	say "| $n | $a | $b | $(ratio "$a" "$b") | $(med_cmd "$t.lb") |"
done
say ""
say "Signing (object: big; schemes chain,loadtime = two signatures; per-signature time = (signed - unsigned) / 2):"
say ""
say "| key | signature bytes | header with sigs us | unsigned us | per signature us | ratio to unsigned |"
say "|---|---:|---:|---:|---:|---:|"
o=$B/obj/big.bpf.o t=$B/log/sign
rm -f "$t".*
for ((i = 0; i < GEN_RUNS; i++)); do
	timeit "$t.none" "$SKELGEN" -n big -o /dev/null "$o"
	for k in rsa2048 rsa3072 rsa4096 p256 p384; do
		timeit "$t.$k" "$SKELGEN" -n big -k "$KEYS/$k.key.pem" -i "$KEYS/$k.crt.pem" --scheme chain,loadtime -o /dev/null "$o"
	done
done
un=$(med_cmd "$t.none")
for k in rsa2048 rsa3072 rsa4096 p256 p384; do
	"$SKELGEN" -n big -k "$KEYS/$k.key.pem" -i "$KEYS/$k.crt.pem" --scheme chain,loadtime -o "$t.$k.h" "$o"
	sig=$(awk '/^ \* signatures:/{print $4}' "$t.$k.h" | tr -d '(')
	m=$(med_cmd "$t.$k")
	say "| $k | $sig | $m | $un | $(awk -v a="$m" -v b="$un" 'BEGIN{printf "%.0f", (a-b)/2}') | $(ratio "$m" "$un") |"
done
say ""
say "## After the load (issue 13)"
say ""
bash bench/after.sh "$O" | tee -a "$RES"
say ""
say "Reproduce: \`make bench\` (or \`BENCH_RUNS=$RUNS bash bench/run.sh $O\` after \`make\`). Raw data: $O/bench/log/."
note "bench: done ($RES)"
