# shellcheck shell=bash
# bench/common.sh - helpers shared by bench/run.sh and bench/overhead_parts.sh
# (sourced, from the top of the tree).  One definition of how a runtime is
# built for a board, how the app is linked and how a loader's overhead is
# counted, so the two scripts' numbers are the same measure.
#
# The caller sets B (its work directory: libraries in $B/lib/NAME, logs in
# $B/log), W and APPOPT (warnings, optimisation of the app), and for app()
# the per-board TCC/TCF/TLIBS arrays (filled with mvar).

# build_lib NAME BOARD [defconfig lines]: the runtime for BOARD in $B/lib/NAME
# (own build directory, so a board being edited elsewhere is never touched);
# extra lines are appended to the board's defconfig (a variant profile),
# whose .config is remade when the fragment, the board or Kconfig changed
# (else the Makefile would take the board's defconfig over it).
build_lib() {
	local name=$1 board=$2 extra=${3:-} dir=$B/lib/$1
	mkdir -p "$dir" "$B/log"
	if [ -n "$extra" ]; then
		{ cat "boards/$board/defconfig"; printf '%s\n' "$extra"; } > "$dir/defconfig.new"
		if [ ! -f "$dir/.config" ] || ! cmp -s "$dir/defconfig.new" "$dir/defconfig" ||
			[ Kconfig -nt "$dir/.config" ] || [ "boards/$board/defconfig" -nt "$dir/.config" ]; then
			mv "$dir/defconfig.new" "$dir/defconfig"
			bash scripts/mkconfig.sh "$dir/defconfig" Kconfig > "$dir/.config"
		fi
		rm -f "$dir/defconfig.new"
	fi
	make -s --no-print-directory BOARD="$board" O="$dir" lib >"$B/log/lib-$name.log" 2>&1
}

# mvar BOARD DIR VAR: a variable of the top Makefile for that board
mvar() {
	# shellcheck disable=SC2016
	make -s --no-print-directory BOARD="$1" O="$2" --eval='bench-print-%: ; @echo $($*)' "bench-print-$3"
}

# skel_internal.h includes <linux/bpf.h> and "bpf.h" from libbpf's include
# dir, which musl's include path does not have.  Give it the build host's
# kernel UAPI and libbpf headers (asm/ is per architecture; the generic one
# serves aarch64 and armv7 for what linux/bpf.h needs).
mkuapi() { # DIR ASM
	mkdir -p "$1"
	ln -sfn /usr/include/linux "$1/linux"
	ln -sfn /usr/include/asm-generic "$1/asm-generic"
	ln -sfn "$2" "$1/asm"
	ln -sfn /usr/include/bpf "$1/bpf"
}
uapi_for() { [ "$1" = x86_64-musl ] && echo "$B/uapi/native" || echo "$B/uapi/generic"; }

# Payload bytes a header must carry whatever its loader: instructions +
# metadata (+ signatures for signed headers); the ELF object for libbpf.
# A skelgen header stores the metadata without its zero runs and in-loader
# variants as inserted instructions (issue 24): its payload is what it
# stores, the arrays NAME__data and NAME__edit_*.
payload() { # HEADER KIND
	case $2 in
	ts) awk '/^ \* loader:/{i=$3*8} /^ \* signatures:/{for(k=3;k<=NF;k++) if($k ~ /^\(/) s+=substr($k,2)}
		/^static const uint8_t [A-Za-z0-9_]*__(data|edit_[A-Za-z0-9_]*)\[[0-9]+\]/{
			sub(/.*\[/, ""); sub(/\].*/, ""); d+=$0} END{print i+d+s}' "$1" ;;
	tsblob) awk '/^ \* loader:/{i=$3*8} /^ \* metadata:/{d=$3} END{print i+d}' "$1" ;;
	tssig) awk '/^ \* signatures:/{for(k=3;k<=NF;k++) if($k ~ /^\(/) s+=substr($k,2)} END{print s+0}' "$1" ;;
	bt) awk '/opts.insns_sz =/{i=$3+0} /opts.data_sz =/{d=$3+0} END{print i+d}' "$1" ;;
	lb) stat -c %s "$B/obj/$(basename "$1" .lb.h).bpf.o" ;;
	esac
}

# app BOARD OUT HEADER NAME LIB [extra flags...]: bench/app.c on HEADER
# (noskel.h: the baseline), linked statically as the README says (no
# --gc-sections unless a flag asks), headers from $HDR (default $B/hdr).
app() {
	local b=$1 out=$2 hdr=$3 name=$4 lib=$5
	shift 5
	# shellcheck disable=SC2086
	${TCC[$b]} "${W[@]}" $APPOPT ${TCF[$b]} -static -Iinclude -Ibench -I"${HDR:-$B/hdr}" -isystem "$(uapi_for "$b")" \
		-DBENCH_HEADER="\"$hdr\"" -DBENCH_NAME="$name" "$@" -o "$out" bench/app.c $lib ${TLIBS[$b]}
}

# The overhead formula: bytes(binary) - bytes(same app on noskel.h) - payload.
bytes() { "${2:-size}" -B "$1" | awk 'NR==2{print $1+$2}'; } # text (incl. rodata) + data
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{if (b == 0) print "-"; else printf "%.2f", a / b}'; }
pctof() { awk -v a="$1" -v b="$2" 'BEGIN{if (b == 0) print "-"; else printf "%.0f %%", 100 * a / b}'; }
