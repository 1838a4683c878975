# tests/integration/lib.bash - shared by tests/integration/*.sh.
# A make run from `make check` must not inherit its jobserver, level or the
# host board's test environment (BOARD=host would select build/host/.config).
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES BOARD BUILD O CROSS_COMPILE QEMU_USER TEST_WRAPPER SKELGEN
src=${TINYSKEL_SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
keys=$src/tests/fixtures/keys
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
# expect_match WHAT FILE REGEX: FILE has a line matching REGEX.
expect_match() {
	grep -qE -- "$3" "$2" && ok "$1" || { fail "$1: expected a line matching '$3' in $2, got:"; sed 's/^/    /' "$2"; }
}
# run_logged LOG CMD...: run, keep output, show it on failure.
run_logged() {
	local log=$1; shift
	"$@" >"$log" 2>&1 && return 0
	echo "command failed: $*"; tail -n 30 "$log"; return 1
}
# doc_block NAME: the fenced code block that follows `<!-- test: NAME -->` in
# docs/integration.md, so the tests build what the docs tell users to copy.
doc_block() {
	awk -v want="<!-- test: $1 -->" '
		$0 == want { armed = 1; next }
		armed && /^```/ { if (inside) exit; inside = 1; next }
		inside { print }' "$src/docs/integration.md"
}
