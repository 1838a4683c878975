#!/usr/bin/env bash
# What tinyskel weighs on a board (run by `make BOARD=NAME size`).
#
#   scripts/size-report.sh BOARD BUILD_DIR EXAMPLE...
#
# Needs, from the Makefile: BUILD_DIR/libtinyskel.a, and for each example
# BUILD_DIR/size/NAME (the example linked as usual) with its link map
# NAME.map, and NAME.gc / NAME.gc.map (the same link with --gc-sections, as
# firmware builds usually link).  CROSS_COMPILE selects size/strip.
#
# Reports, in bytes:
#  - the runtime archive: .text/.rodata/.data/.bss summed over its members
#    (every function, before the linker drops anything);
#  - each example: stripped file size, and its text/rodata/data/bss split
#    into what the runtime, the app (main + the generated header, blob
#    included) and libc put in the binary, read from the link map;
#  - the blob: the header's loader instructions and metadata, plus hashes
#    and signatures.
set -eu
board=${1:?usage: size-report.sh BOARD BUILD_DIR EXAMPLE...}
build=${2:?}
shift 2
cross=${CROSS_COMPILE:-}

# Section sums of the archive members: .text*, .rodata* (with the unwind
# tables .eh_frame/.ARM.ex*, which -fno-asynchronous-unwind-tables would
# drop), .data* (incl. .data.rel.ro), .bss*.  Debug info is left out.
echo "tinyskel size report: board $board (${cross:-native}), bytes"
echo
echo "runtime: $build/libtinyskel.a"
"${cross}size" -A "$build/libtinyskel.a" | awk '
	/\(ex / { m = $1; sub(/\.o$/, "", m); order[++n] = m; next }
	$1 ~ /^\.text/ { t[m] += $2 } $1 ~ /^\.(rodata|eh_frame|ARM\.ex)/ { r[m] += $2 }
	$1 ~ /^\.data/ { d[m] += $2 } $1 ~ /^\.bss/ { b[m] += $2 }
	END {
		printf "  %-12s %7s %7s %7s %7s\n", "member", "text", "rodata", "data", "bss"
		for (i = 1; i <= n; i++) {
			m = order[i]
			printf "  %-12s %7d %7d %7d %7d\n", m, t[m], r[m], d[m], b[m]
			T += t[m]; R += r[m]; D += d[m]; B += b[m]
		}
		printf "  %-12s %7d %7d %7d %7d\n", "total", T, R, D, B
	}'

# Sum a link map by (origin, kind): origin runtime|app|libc, kind
# text|rodata|data|bss.  Prints "origin kind bytes" lines.
map_sums() {
	awk '
	function hex(s,   i, c, v) {
		v = 0; s = tolower(s); sub(/^0x/, "", s)
		for (i = 1; i <= length(s); i++) { c = index("0123456789abcdef", substr(s, i, 1)); v = v * 16 + c - 1 }
		return v
	}
	function kind(sec) {
		if (sec ~ /^\.(text|init|fini|plt|iplt)/) return "text"
		if (sec ~ /^\.(rodata|eh_frame|gcc_except_table|ARM\.ex|note|hash|gnu\.hash|rela?\.)/) return "rodata"
		if (sec ~ /^\.(data|tdata|init_array|fini_array|got|preinit_array)/) return "data"
		if (sec ~ /^\.(bss|tbss|sbss)/) return "bss"
		return ""
	}
	function add(size, file,   o) {
		if (out == "" || file == "") return
		if (file ~ /libtinyskel\.a\(/) o = "runtime"
		else if (file ~ /(libc|libgcc|libgcc_eh)\.a\(|crt[1in]\.o|crtbegin|crtend/) o = "libc"
		else if (file ~ /^\*fill\*/ || file ~ /linker stubs/) return
		else o = "app"
		sum[o " " out] += size
	}
	/^Linker script and memory map/ { inmap = 1; next }
	!inmap { next }
	/^[.A-Za-z_]/ { out = kind($1); pending = 0; next }
	/^ \*fill\*/ { next }
	/^ [.A-Za-z_]/ {
		if (NF >= 4 && $2 ~ /^0x/ && $3 ~ /^0x/) { add(hex($3), $4); pending = 0 }
		else if (NF == 1) pending = 1
		next
	}
	pending && /^ +0x[0-9a-f]+ +0x[0-9a-f]+ +[^ ]/ { add(hex($2), $3); pending = 0; next }
	{ pending = 0 }
	END { for (k in sum) print k, sum[k] }' "$1"
}

example_table() { # $1 = suffix ("" or ".gc")
	local e f sums
	printf "  %-10s %8s %8s  %-8s %7s %7s %7s %7s\n" example stripped loaded part text rodata data bss
	for e in "$@"; do
		f=$build/size/$e$suffix
		"${cross}strip" -o "$f.stripped" "$f"
		# loaded: text + data + bss as size(1) counts them (file size hides
		# small changes in segment alignment padding).
		loaded=$("${cross}size" "$f" | awk 'NR == 2 { print $4 }')
		sums=$(map_sums "$f.map")
		for o in runtime app libc; do
			echo "$sums" | awk -v o=$o -v e="$e" -v s="$(stat -c %s "$f.stripped")" -v l="$loaded" '
				$1 == o { v[$2] = $3 }
				END {
					if (o != "runtime") e = s = l = ""
					printf "  %-10s %8s %8s  %-8s %7d %7d %7d %7d\n", e, s, l, o, v["text"], v["rodata"], v["data"], v["bss"]
				}'
		done
	done
}

echo
echo "examples, linked as built (the whole runtime object of every function used):"
suffix="" example_table "$@"
echo
echo "examples, linked with -Wl,--gc-sections (unused functions dropped):"
suffix=".gc" example_table "$@"

echo
echo "blob (from the generated header): loader insns + metadata map; hashes, signatures and"
echo "other arrays (the inloader scheme's own loader) come on top when the header carries them"
for e in "$@"; do
	h=$build/examples/$e/$e.lskel.h
	sed -n 's/^static const uint8_t \([A-Za-z0-9_]*\)\[\([0-9]*\)\].*/\1 \2/p' "$h" | awk -v e="$e" '
		$1 ~ /__insns$/ { i += $2; next } $1 ~ /__data$/ { d += $2; next }
		$1 ~ /sha256$/ { h += $2; next } $1 ~ /__sig_/ { s += $2; n++; next } { o += $2 }
		END {
			printf "  %-14s insns %6d  data %6d  = %6d bytes", e, i, d, i + d
			printf "  (+ %d hash, %d signature bytes in %d signatures, %d other)\n", h, s, n, o
		}'
done
