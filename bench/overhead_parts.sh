#!/usr/bin/env bash
# bench/overhead_parts.sh [O] - what a user links for one skeleton, part by
# part, next to skel_internal.h's inline loader (the anchor).
#
#   bash bench/overhead_parts.sh build/host      (also section 1c of make bench)
#
# x86_64 musl, bench/app.c linked as the README says (plain static link
# against libtinyskel.a, no --gc-sections), for boards x86_64-musl (full)
# and x86_64-musl-minimal, on counter, tpcount and big.  Same formula as
# bench/run.sh section 1/1b (bench/common.sh):
#   overhead = text+rodata+data of the static binary
#              - the same app on bench/noskel.h - payload.
# The overhead is split by what the link took (-Wl,-Map names every input:
# runtime archive members, libc members, the app's object): each input
# counted by its own size(1) bytes (a static link without --gc-sections
# keeps all of an input), plus the linker's padding (from the map) and
# what it folded (strings and unwind CIEs shared across objects); the
# difference to the no-skeleton binary is grouped by what it buys.  The
# parts are summed and checked against size(1)'s overhead.
# Error strings are measured as full - the same full board with
# CONFIG_ERROR_STRINGS off; the other parts of the full profile are read
# from that strings-off link.
# What-if (a measurement only, no product option): the minimal profile with
# header validation left out, by linking a stub tinyskel_validate() that
# returns 0 ahead of the archive.
#
# No root.  Needs clang, bpftool, musl-gcc, readelf.  Builds the runtimes in
# O/bench/lib/NAME (shared with bench/run.sh) and everything else in
# O/bench/parts/.  Prints markdown; the same text goes to O/bench/parts/parts.md.
set -euo pipefail
cd "$(dirname "$0")/.."
TOP=$PWD
O=${1:-build/host}
B=$TOP/$O/bench
P=$B/parts
HDR=$P/hdr
SKELGEN=$TOP/build/tools/bin/skelgen
W=(-std=c11 -Wall -Wextra -Werror)
APPOPT=-Os
OBJS=(counter tpcount big)
# shellcheck source=bench/common.sh
. bench/common.sh
for t in clang bpftool musl-gcc readelf; do
	command -v $t >/dev/null || { echo "overhead_parts: needs $t (make deps)"; exit 1; }
done
[ -x "$SKELGEN" ] || make -s skelgen
rm -rf "$P"
mkdir -p "$P"/{obj,hdr,bin,stub} "$B/log"
RES=$P/parts.md
say() { printf '%s\n' "$*" | tee -a "$RES"; }

# ------------------------------------------------------------------ runtimes, headers
b=x86_64-musl
build_lib x86_64-musl x86_64-musl
build_lib minimal x86_64-musl-minimal
build_lib full-nostrings x86_64-musl '# CONFIG_ERROR_STRINGS is not set'
declare -A TCC TLIBS TCF LIBDIR
TCC[$b]=$(mvar $b "$B/lib/$b" TCC)
TLIBS[$b]=$(mvar $b "$B/lib/$b" TLDLIBS_MUSL)
TCF[$b]=$(mvar $b "$B/lib/$b" TARGET_CFLAGS)
mkuapi "$B/uapi/native" "/usr/include/$(gcc -print-multiarch)/asm"
LIBDIR[ts]=$B/lib/x86_64-musl LIBDIR[tn]=$B/lib/full-nostrings LIBDIR[tm]=$B/lib/minimal
LIBDIR[tv]=$B/lib/minimal

BPF_CFLAGS=(-O2 -g -target bpf "-I/usr/include/$(gcc -print-multiarch)" -Iexamples/include)
for n in counter tpcount; do clang "${BPF_CFLAGS[@]}" -c "examples/$n/$n.bpf.c" -o "$P/obj/$n.bpf.o"; done
clang "${BPF_CFLAGS[@]}" -c bench/big.bpf.c -o "$P/obj/big.bpf.o"
for n in "${OBJS[@]}"; do
	"$SKELGEN" -n "$n" -o "$HDR/$n.ts.h" "$P/obj/$n.bpf.o"
	bpftool gen skeleton -L "$P/obj/$n.bpf.o" name "$n" > "$HDR/$n.bt.h"
done

# The what-if: tinyskel_validate() that accepts every header (the check a
# header compiled into the same binary could skip), compiled as the runtime is.
printf '%s\n' '#include "tinyskel.h"' \
	'int tinyskel_validate(const struct tinyskel_skel_info *info, struct tinyskel_result *res)' \
	'{' '	(void)info;' '	(void)res;' '	return 0;' '}' > "$P/stub/novalidate.c"
# shellcheck disable=SC2086
${TCC[$b]} "${W[@]}" -Os -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables \
	-fno-unwind-tables ${TCF[$b]} -Iinclude -c "$P/stub/novalidate.c" -o "$P/stub/novalidate.o"

# ------------------------------------------------------------------ links
# bin/NAME.K: no (noskel.h), bt (skel_internal.h), ts (full), tn (full,
# error strings off), tm (minimal), tv (minimal, validation stubbed); each
# with its link map K.map.
for n in "${OBJS[@]}"; do
	d=$P/bin
	app $b "$d/$n.no" noskel.h "$n" "" -save-temps=obj -Wl,-Map="$d/$n.no.map"
	app $b "$d/$n.bt" "$n.bt.h" "$n" "" -save-temps=obj -Wl,-Map="$d/$n.bt.map"
	for k in ts tn tm; do
		app $b "$d/$n.$k" "$n.ts.h" "$n" "${LIBDIR[$k]}/libtinyskel.a" -save-temps=obj -Wl,-Map="$d/$n.$k.map"
	done
	# A runtime that moved or renamed tinyskel_validate breaks only this column.
	app $b "$d/$n.tv" "$n.ts.h" "$n" "$P/stub/novalidate.o ${LIBDIR[tv]}/libtinyskel.a" -save-temps=obj \
		-Wl,-Map="$d/$n.tv.map" 2>"$B/log/parts-$n.tv.log" || rm -f "$d/$n.tv"
	# ... and the stub must have replaced the member, not joined it
	if [ -f "$d/$n.tv" ] && grep -q 'libtinyskel\.a(validate\.o)$' "$d/$n.tv.map"; then
		echo "validate.o is still linked next to the stub" >> "$B/log/parts-$n.tv.log"
		rm -f "$d/$n.tv"
	fi
done

# ------------------------------------------------------------------ attribution
# inparts MAP BIN: "origin bytes" for every input the link took, each
# counted by size(1) of the input itself (text+rodata+data, as the
# overhead is): rt:MEMBER (libtinyskel.a), libc:MEMBER (libc, libgcc),
# crt:FILE, app (bench/app.c's object, kept by -save-temps=obj), stub (the
# what-if's object); then, from the map, "fill" (the linker's alignment
# padding between inputs in the sections size(1) counts), "out" (those
# output sections' sizes: the binary's bytes) and "mergeable" (the inputs'
# SHF_MERGE string/constant and .eh_frame bytes: what the linker may fold).
# A static link without --gc-sections keeps every section of an input, so
# out - fill - the inputs is what the linker folded: identical strings
# and constants across objects, shared unwind CIEs (<= 0, >= -mergeable).
# archtab ARCHIVE: a file of "member bytes mergeable" (as inparts counts
# them) for every member, made once per archive.
archtab() {
	local t
	t=$P/arch/$(printf '%s' "$1" | md5sum | cut -c1-16)
	if [ ! -f "$t" ]; then
		mkdir -p "$P/arch"
		{ size -B "$1" | awk 'NR > 1 && $7 == "(ex" { print "B", $6, $1 + $2 }'
		  size -A "$1" | awk '$2 == "(ex" { m = $1; next } m != "" && $1 ~ /\.str[0-9]|\.cst[0-9]|^\.eh_frame$/ { print "M", m, $2 }'
		} | awk '$1 == "B" { b[$2] = $3 } $1 == "M" { mg[$2] += $3 } END { for (m in b) print m, b[m], mg[m] + 0 }' > "$t"
	fi
	echo "$t"
}
inparts() {
	local map=$1 bin=$2 secs a k o
	secs=$(readelf -SW "$bin" | awk '/^ *\[ *[0-9]+\]/ { sub(/^.*\] */, "")
		f = (NF == 10) ? $7 : ""; if (f ~ /A/ && $2 != "NOBITS") printf "%s ", $1 }')
	# archive members, then the plain objects (LOAD lines that are not archives)
	sed -n '/^Archive member included/,/^Discarded input sections/p' "$map" |
		grep -o '^/[^ ]*\.a([^()]*)$' | sort -u > "$map.members"
	{
		sed 's/([^()]*)$//' "$map.members" | sort -u | while read -r a; do
			case $a in */libtinyskel.a) k=rt ;; *) k=libc ;; esac
			awk -v a="$a" -v k="$k" 'FNR == NR { t[$1] = $2 " " $3; next }
				substr($0, 1, length(a) + 1) == a "(" {
					m = substr($0, length(a) + 2); sub(/\)$/, "", m)
					print (m in t) ? k ":" m " " t[m] : "missing:" m " 0 0"
				}' "$(archtab "$a")" "$map.members"
		done
		awk '$1 == "LOAD" && $2 !~ /\.a$/ { print $2 }' "$map" | while read -r o; do
			case $o in */crt*.o | */Scrt*.o) k=crt:$(basename "$o") ;;
			*/stub/*) k=stub ;;
			*) k=app ;;
			esac
			printf '%s %s %s\n' "$k" "$(size -B "$o" | awk 'NR == 2 { print $1 + $2 }')" \
				"$(size -A "$o" | awk '$1 ~ /\.str[0-9]|\.cst[0-9]|^\.eh_frame$/ { s += $2 } END { print s + 0 }')"
		done
	} | awk '{ sum[$1] += $2; mg += $3 } END { for (k in sum) print k, sum[k]; print "mergeable", mg }'
	awk -v secs="$secs" '
	function hex(s,   i, c, v) {
		v = 0; s = tolower(s); sub(/^0x/, "", s)
		for (i = 1; i <= length(s); i++) { c = index("0123456789abcdef", substr(s, i, 1)); v = v * 16 + c - 1 }
		return v
	}
	BEGIN { n = split(secs, a, " "); for (i = 1; i <= n; i++) want[a[i]] = 1 }
	/^Linker script and memory map/ { inmap = 1; next }
	!inmap { next }
	/^[.A-Za-z_]/ {
		out = $1; ospend = 0
		if (NF >= 3 && $2 ~ /^0x/ && $3 ~ /^0x/) osz[out] = hex($3); else ospend = 1
		next
	}
	ospend && NF == 2 && $1 ~ /^0x/ && $2 ~ /^0x/ { osz[out] = hex($2); ospend = 0; next }
	{ ospend = 0 }
	/^ \*fill\*/ && (out in want) { fill += hex($3) }
	END { for (o in want) tot += osz[o]; print "fill", fill + 0; print "out", tot }' "$map"
}

# Who pulled each archive member in: "member puller" (the map's first
# section; the app's own object is "app").
pullers() {
	sed -n '/^Archive member included/,/^Discarded input sections/p' "$1" | awk '
		/^[^ ].*\([^()]*\)$/ { match($0, /\([^()]*\)$/); m = substr($0, RSTART + 1, RLENGTH - 2); next }
		m != "" && /^ +[^ ]/ {
			f = $1; p = "app"
			if (match(f, /\([^()]*\)$/)) p = substr(f, RSTART + 1, RLENGTH - 2)
			print m, p; m = ""
		}'
}

# The parts, by what they buy.  A runtime member goes by its source path;
# one outside these families (maps/map_info.c, say) counts for the family
# of the member that pulled it in.
family_of() { # runtime/FAMILY/NAME.o
	case $1 in
	runtime/load/validate*) echo validation ;;
	runtime/load/probe*) echo probes ;;
	runtime/load/rebuild* | runtime/sys/scratch*) echo rebuild ;;
	runtime/load/scheme*) echo scheme ;;
	runtime/load/sealed* | runtime/load/opts*) echo policy ;;
	runtime/base/fail* | runtime/base/op_fail* | runtime/base/reason* | runtime/base/step_name* | \
		runtime/load/loader_ret*) echo errors ;;
	runtime/base/close_fd* | runtime/base/fd_* | runtime/load/destroy* | runtime/load/globals_unmap* | \
		runtime/link/detach*) echo fds ;;
	runtime/guard/*) echo guard ;;
	runtime/attach/* | runtime/link/*) echo attach ;;
	runtime/sys/*) echo sys ;;
	runtime/load/*) echo load ;;
	*) echo - ;;
	esac
}
PARTS=(validation probes scheme guard policy rebuild errors fds attach sys load rt-other header libc fill merge strings)
declare -A LABEL=(
	[validation]="header validation (load/validate*)"
	[probes]="kernel probes (load/probe*)"
	[scheme]="scheme choice (load/scheme*)"
	[policy]="opts and policy floor, sealed check (load/opts.c, load/sealed.c)"
	[rebuild]="compact-form rebuild (load/rebuild.c, sys/scratch.c)"
	[errors]="error reporting: step, errno, reason (base/fail, op_fail, reason, step_name; load/loader_ret)"
	[fds]="fd hygiene and cleanup (base/close_fd, fd_*; load/destroy, globals_unmap; link/detach)"
	[attach]="attach kinds, link slots (attach/*, link/*)"
	[sys]="syscall wrappers (sys/* but scratch)"
	[load]="load steps (load/load.c, init.c, globals_map.c ...)"
	[rt-other]="other runtime members"
	[header]="header code and tables beyond the payload (the app's object - payload)"
	[libc]="libc only the runtime pulls in"
	[guard]="device BPF guard lookup: its keyring, its refusals (guard/*)"
	[fill]="linker alignment padding (map's *fill*)"
	[merge]="folded by the linker: identical strings, constants, unwind CIEs across objects"
	[strings]="error strings (CONFIG_ERROR_STRINGS=y - n)"
)

# Member -> family, from the full board's build tree (every profile builds
# the same files).
FAMS=$P/families
for f in "$B"/lib/x86_64-musl/runtime/*/*.o; do
	r=${f#"$B"/lib/x86_64-musl/}
	echo "$(basename "$f") $(family_of "$r")"
done > "$FAMS"

# parts N K: "part bytes" lines of binary N.K against N.no (payload taken
# off the app's object), then "libcnew MEMBER<-PULLER,...", "other
# MEMBER->PART,...", "sum S" (of the parts), "total T" (size(1)'s
# overhead) and "check ok|what failed": the map's output sections are
# size(1)'s bytes for both binaries, and what the linker folded is within
# [-mergeable, 0] for both.
parts() {
	local n=$1 k=$2 d=$P/bin p
	p=$(payload "$HDR/$n.ts.h" ts)
	[ -f "$d/$n.no.parts" ] || inparts "$d/$n.no.map" "$d/$n.no" > "$d/$n.no.parts"
	inparts "$d/$n.$k.map" "$d/$n.$k" > "$d/$n.$k.parts"
	pullers "$d/$n.$k.map" > "$d/$n.$k.pull"
	awk -v pay="$p" -v sz="$(bytes "$d/$n.$k")" -v szno="$(bytes "$d/$n.no")" '
		FILENAME ~ /families$/ { fam[$1] = $2; next }
		FILENAME ~ /\.pull$/ { by[$1] = $2; next }
		FILENAME ~ /no\.parts$/ { base[$1] = $2; keys[$1] = 1; next }
		{ mine[$1] = $2; keys[$1] = 1 }
		function famof(m,   f, i) {
			for (i = 0; i < 20 && m != ""; i++) {
				f = (m in fam) ? fam[m] : "-"
				if (f != "-") return f
				m = (m in by) ? by[m] : ""
				if (m == "app") return "rt-other"
			}
			return "rt-other"
		}
		function folded(a) { # out - fill - inputs of one binary
			s = a["out"] - a["fill"]
			for (x in a) if (x != "out" && x != "fill" && x != "mergeable") s -= a[x]
			return s
		}
		END {
			for (key in keys) {
				if (key == "out" || key == "mergeable") continue
				inbase = key in base
				v = mine[key] - base[key]
				if (key ~ /^rt:/) {
					m = substr(key, 4); f = famof(m)
					if (!(m in fam) || fam[m] == "-") other = other (other ? "," : "") m "->" f
				} else if (key ~ /^libc:/) {
					f = "libc"
					if (!inbase && v) libcnew = libcnew (libcnew ? "," : "") substr(key, 6) "<-" by[substr(key, 6)]
				} else if (key == "app") { f = "header"; v -= pay }
				else if (key == "stub") f = "validation"
				else if (key == "fill") f = "fill"
				else if (key ~ /^missing:/) continue
				else f = "rt-other"
				part[f] += v; sum += v
			}
			fm = folded(mine); fb = folded(base)
			part["merge"] = fm - fb; sum += fm - fb
			for (f in part) print f, part[f]
			print "libcnew", (libcnew ? libcnew : "-")
			print "other", (other ? other : "-")
			print "sum", sum
			print "total", sz - szno - pay
			why = ""
			if (mine["out"] != sz) why = why " map " mine["out"] " != size " sz ";"
			if (base["out"] != szno) why = why " baseline map " base["out"] " != size " szno ";"
			if (fm > 0 || fm < -mine["mergeable"]) why = why " folded " fm " outside [-" mine["mergeable"] ", 0];"
			if (fb > 0 || fb < -base["mergeable"]) why = why " baseline folded " fb " outside [-" base["mergeable"] ", 0];"
			if (sum != sz - szno - pay) why = why " sum " sum " != overhead;"
			for (x in keys) if (x ~ /^missing:/) why = why " no size for " substr(x, 9) ";"
			print "check", (why == "" ? "ok" : "FAILED:" why)
			print "folded", fm, mine["mergeable"]
		}' "$FAMS" "$d/$n.$k.pull" "$d/$n.no.parts" "$d/$n.$k.parts" > "$d/$n.$k.sum"
}
get() { [ -f "$P/bin/$1.sum" ] || { echo 0; return; }; awk -v k="$2" '$1 == k { $1 = ""; sub(/^ /, ""); print; f = 1 } END { if (!f) print 0 }' "$P/bin/$1.sum"; }

for n in "${OBJS[@]}"; do
	for k in ts tn tm tv; do [ -f "$P/bin/$n.$k" ] && parts "$n" "$k"; done
done

# ------------------------------------------------------------------ tables
say "## 1c. What one skeleton costs, part by part (x86_64-musl, README's link line)"
say ""
if rev=$(git rev-parse --short HEAD 2>/dev/null); then
	git diff --quiet HEAD -- runtime include skelgen Kconfig boards || rev="$rev + uncommitted changes"
else
	rev="not a git checkout"
fi
say "bench/overhead_parts.sh (tree: $rev). overhead = text+rodata+data of the static binary - the same app on bench/noskel.h - payload (table 1's formula), plain static link (\`cc app.c \$(pkg-config --libs tinyskel)\`). The anchor: skel_internal.h's inline loader (\`bpftool gen skeleton -L\`). Goal (issue 24): <= 1.5x the anchor."
say ""
say "| object | payload (tinyskel / bpftool) | skel_internal.h (anchor) | 1.5x anchor | tinyskel full | full / anchor | tinyskel minimal | minimal / anchor | what-if: minimal without header validation | / anchor | with payload: full / minimal / bpftool -L |"
say "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
for n in "${OBJS[@]}"; do
	d=$P/bin base=$(bytes "$P/bin/$n.no")
	p=$(payload "$HDR/$n.ts.h" ts) pb=$(payload "$HDR/$n.bt.h" bt)
	ob=$(($(bytes "$d/$n.bt") - base - pb))
	of=$(get "$n.ts" total) om=$(get "$n.tm" total) ov="- (see $O/bench/log/parts-$n.tv.log)"
	[ -f "$P/bin/$n.tv.sum" ] && ov=$(get "$n.tv" total)
	say "| $n | $p / $pb | $ob | $((ob * 3 / 2)) | $of | $(ratio "$of" "$ob") | $om | $(ratio "$om" "$ob") | $ov | $([ -f "$P/bin/$n.tv.sum" ] && ratio "$ov" "$ob" || echo -) | $((of + p)) / $((om + p)) / $((ob + pb)) B ($(ratio $((of + p)) $((ob + pb)))x / $(ratio $((om + p)) $((ob + pb)))x) |"
done
say ""
say "What-if (a measurement, not a product option): the minimal profile linked with a stub tinyskel_validate() that returns 0 ahead of the archive, i.e. without the check of a header compiled into the same binary."
say ""
say "Where the bytes are: each part is the size(1) bytes (text+rodata+data) of the inputs the link map shows for it, tinyskel's binary minus the no-skeleton binary; the app's object minus the payload is the header's own code and tables. Runtime members by source file (a helper member counts for the family that pulled it in); full-profile parts are read from the same board linked with CONFIG_ERROR_STRINGS off, and the strings row is the difference."
say ""
hdr="| part |" sep="|---|"
for n in "${OBJS[@]}"; do hdr="$hdr $n full | $n minimal |" sep="$sep---:|---:|"; done
say "$hdr"
say "$sep"
for part in "${PARTS[@]}"; do
	row="| ${LABEL[$part]} |"
	for n in "${OBJS[@]}"; do
		if [ "$part" = strings ]; then
			f=$(($(get "$n.ts" total) - $(get "$n.tn" total)))
			m="0 (off)"
		else
			f=$(get "$n.tn" "$part") m=$(get "$n.tm" "$part")
		fi
		row="$row $f | $m |"
	done
	say "$row"
done
row="| **sum of parts** |" row2="| overhead (size(1), as above) |" row3="| check |"
for n in "${OBJS[@]}"; do
	sf=$(($(get "$n.tn" sum) + $(get "$n.ts" total) - $(get "$n.tn" total))) sm=$(get "$n.tm" sum)
	row="$row **$sf** | **$sm** |" row2="$row2 $(get "$n.ts" total) | $(get "$n.tm" total) |"
	# full: the strings-on and the strings-off links each checked on their own
	cf=ok
	for k in ts tn; do [ "$(get "$n.$k" check)" = ok ] || cf="$k: $(get "$n.$k" check)"; done
	row3="$row3 $cf | $(get "$n.tm" check) |"
done
say "$row"
say "$row2"
say "$row3"
say ""
say "Check: for each link (and its no-skeleton baseline) the map's output sections add up to size(1)'s bytes, the parts add up to the overhead, and what the linker folded (output - padding - the inputs' own size(1) bytes) is <= 0 and no more than the inputs' mergeable strings/constants and .eh_frame (counter full: folded $(get counter.ts folded | awk '{print $1 " of " $2}') B)."
say ""
say "libc members only tinyskel's binary links (counter; <- the member that pulled it in): full $(get counter.tn libcnew), minimal $(get counter.tm libcnew). Helper members counted for the family that pulled them in: full $(get counter.tn other), minimal $(get counter.tm other)."
say ""
say "Runtime members linked for counter (size(1) bytes of each member the map shows; full with error strings, full without, minimal):"
say ""
say "| member | part | full | full, strings off | minimal |"
say "|---|---|---:|---:|---:|"
awk 'FILENAME ~ /families$/ { fam[$1] = $2; next }
	FILENAME ~ /\.pull$/ { by[$1] = $2; next }
	$1 ~ /^rt:/ { v[FILENAME, substr($1, 4)] = $2; m[substr($1, 4)] = 1 }
	END {
		for (x in m) {
			f = fam[x]; y = x
			for (i = 0; i < 20 && (f == "" || f == "-"); i++) { y = by[y]; f = (y in fam) ? fam[y] : "" ; if (y == "" || y == "app") { f = "rt-other"; break } }
			printf "| %s | %s | %d | %d | %d |\n", x, f, v[ARGV[3], x], v[ARGV[4], x], v[ARGV[5], x]
		}
	}' "$FAMS" "$P/bin/counter.ts.pull" "$P/bin/counter.ts.parts" "$P/bin/counter.tn.parts" "$P/bin/counter.tm.parts" |
	sort -t'|' -k3,3 -k4,4nr | tee -a "$RES"
say ""
say "Largest sections of the runtime members the minimal profile links for counter (-ffunction-sections: one function or its strings/tables per section; size(1) -A of each member):"
say ""
say "| member | section | bytes |"
say "|---|---|---:|"
a=$B/lib/minimal/libtinyskel.a
size -A "$a" | awk -v list="$(sed -n 's/.*libtinyskel\.a(\(.*\))$/\1/p' "$P/bin/counter.tm.map.members" | tr '\n' ' ')" '
	BEGIN { n = split(list, l, " "); for (i = 1; i <= n; i++) want[l[i]] = 1 }
	$2 == "(ex" { m = $1; next }
	(m in want) && $1 ~ /^\.(text|rodata|data)/ && $2 > 0 { print $2, m, $1 }' |
	sort -k1,1nr | head -12 | awk '{ printf "| %s | %s | %d |\n", $2, $3, $1 }' | tee -a "$RES"
say ""
