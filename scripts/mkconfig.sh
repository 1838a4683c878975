#!/usr/bin/env bash
# scripts/mkconfig.sh DEFCONFIG [KCONFIG] > .config
#
# A complete .config from a defconfig fragment (CONFIG_X=y lines, as
# boards/NAME/defconfig), like `kconfig-conf --defconfig`.  Uses
# kconfig-conf when installed; firmware build hosts (Buildroot, Yocto,
# OpenWrt) often lack kconfig-frontends, so otherwise a small awk reading
# of Kconfig gives the same answer for the constructs tinyskel's Kconfig
# uses: bool/int/string/hex with one default, choices with a default,
# `depends on SYM` / `depends on !SYM`.  tests/integration/mkconfig.sh
# compares the two on every fragment it tries, so a new construct that the
# awk does not understand fails a test instead of a firmware build.
set -eu
frag=${1:?usage: mkconfig.sh DEFCONFIG [KCONFIG]}
kconfig=${2:-$(dirname "$0")/../Kconfig}
[ -f "$frag" ] || { echo "mkconfig.sh: $frag: no such file" >&2; exit 1; }

if [ -z "${MKCONFIG_NO_KCONFIG_CONF:-}" ] && command -v kconfig-conf >/dev/null; then
	tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT
	KCONFIG_CONFIG=$tmp kconfig-conf --defconfig="$frag" "$kconfig" >/dev/null
	cat "$tmp"
	exit 0
fi

awk '
	# Pass 1 (the fragment): wanted values.
	FNR == NR {
		if (match($0, /^CONFIG_[A-Za-z0-9_]+=/)) {
			sym = substr($0, 8, RLENGTH - 8); set[sym] = substr($0, RLENGTH + 1)
		} else if (match($0, /^# CONFIG_[A-Za-z0-9_]+ is not set/)) {
			split($0, w, " "); set[substr(w[2], 8)] = "n"
		}
		next
	}
	# Pass 2 (Kconfig): symbols in order, their type, default, dependency, choice.
	# Help text runs until a line indented like an attribute (one tab) or less.
	inhelp && ($0 ~ /^[ \t]*$/ || $0 ~ /^\t[ \t]/ || $0 ~ /^  /) { next }
	{ inhelp = 0 }
	$1 == "choice" { inchoice = ++nchoice; cur = ""; next }
	$1 == "endchoice" { inchoice = 0; cur = ""; next }
	$1 == "config" { cur = $2; order[++n] = cur; choice_of[cur] = inchoice; next }
	$1 == "bool" || $1 == "int" || $1 == "string" || $1 == "hex" { if (cur != "") type[cur] = $1; next }
	$1 == "default" {
		v = $0; sub(/^[ \t]*default[ \t]+/, "", v); sub(/[ \t]+if[ \t].*$/, "", v)
		if (inchoice && cur == "") { choice_default[inchoice] = v }
		else if (cur != "" && !(cur in dflt)) dflt[cur] = v
		next
	}
	$1 == "depends" && $2 == "on" { if (cur != "") dep[cur] = $3; next }
	$1 == "help" || $1 == "---help---" { inhelp = 1; next }
	$1 == "menu" || $1 == "endmenu" || $1 == "mainmenu" || $1 == "comment" { cur = ""; next }
	END {
		# Choices: the fragment picks a member, else the default.
		for (i = 1; i <= n; i++) {
			s = order[i]; c = choice_of[s]
			if (c && set[s] == "y") picked[c] = s
		}
		for (c = 1; c <= nchoice; c++) if (!(c in picked)) picked[c] = choice_default[c]
		for (i = 1; i <= n; i++) {
			s = order[i]; c = choice_of[s]
			if (c) val[s] = (picked[c] == s) ? "y" : "n"
			else if (s in set) val[s] = set[s]
			else if (s in dflt) val[s] = dflt[s]
			else val[s] = (type[s] == "bool") ? "n" : (type[s] == "string" ? "\"\"" : "")
		}
		for (i = 1; i <= n; i++) {
			s = order[i]; d = dep[s]
			if (d != "") {
				neg = sub(/^!/, "", d)
				if ((val[d] == "y") == neg) continue
			}
			if (type[s] == "bool") print (val[s] == "y") ? "CONFIG_" s "=y" : "# CONFIG_" s " is not set"
			else if (val[s] != "") print "CONFIG_" s "=" val[s]
		}
	}' "$frag" "$kconfig"
