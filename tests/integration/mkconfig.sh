#!/usr/bin/env bash
# scripts/mkconfig.sh's awk stand-in (used where kconfig-frontends is not
# installed, as on most Buildroot/Yocto/OpenWrt hosts) must give the same
# .config as kconfig-conf --defconfig: every board's defconfig, and for
# every Kconfig symbol a fragment that changes it (each bool flipped, each
# choice member picked, ints/strings set) — generated from Kconfig, so a
# new symbol is covered without editing this test.
set -u
. "$(dirname "$0")/lib.bash"
command -v kconfig-conf >/dev/null || { echo "FAIL: kconfig-conf missing (kconfig-frontends-nox)"; exit 1; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
norm() { grep -E '^(CONFIG_|# CONFIG_.* is not set)' | sort; }
n=0
compare() {
	n=$((n + 1))
	scripts_out=$(bash "$src/scripts/mkconfig.sh" "$1" "$src/Kconfig" | norm)
	awk_out=$(MKCONFIG_NO_KCONFIG_CONF=1 bash "$src/scripts/mkconfig.sh" "$1" "$src/Kconfig" | norm)
	[ "$scripts_out" = "$awk_out" ] && return
	fail "$2: awk and kconfig-conf differ (< kconfig-conf, > awk):"
	diff <(echo "$scripts_out") <(echo "$awk_out") | head -n 10
}
for f in "$src"/boards/*/defconfig; do compare "$f" "$f"; done
# One fragment per symbol: bools flipped from their default, ints 2, strings "x y".
while read -r sym type; do
	case $type in
	bool) printf 'CONFIG_%s=y\n' "$sym" >"$t/on"; printf '# CONFIG_%s is not set\n' "$sym" >"$t/off"
	      compare "$t/on" "$sym=y"; compare "$t/off" "$sym=n" ;;
	int) printf 'CONFIG_%s=2\n' "$sym" >"$t/v"; compare "$t/v" "$sym=2" ;;
	string) printf 'CONFIG_%s="x y"\n' "$sym" >"$t/v"; compare "$t/v" "$sym=\"x y\"" ;;
	esac
	# Keyring custom id only exists with its choice member: try the pair.
	[ "$sym" = KEYRING_CUSTOM_ID ] && { printf 'CONFIG_KEYRING_CUSTOM=y\nCONFIG_KEYRING_CUSTOM_ID=7\n' >"$t/v"; compare "$t/v" "custom keyring 7"; }
done < <(awk '$1 == "config" { s = $2 } $1 == "bool" && s { print s, "bool" } $1 == "int" && s { print s, "int" }
	$1 == "string" && s { print s, "string" } $1 == "help" { s = "" }' "$src/Kconfig")
[ $n -gt 20 ] || fail "only $n fragments tried (Kconfig not read?)"
[ $fails = 0 ] || { echo "$fails fragment(s) differ"; exit 1; }
echo "mkconfig.sh's awk agrees with kconfig-conf on $n fragments (every board, every symbol)"
