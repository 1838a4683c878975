#!/usr/bin/env bash
# The signature policy as the build sets it (issue 11, design point):
#  - a config with both CONFIG_POLICY_* set does not compile (the weaker
#    one used to win silently);
#  - the firmware boards (rpi4, beaglebone, rpi4-minimal) and a runtime built by hand
#    without Kconfig lock the policy (CONFIG_POLICY_LOCKED), and
#    tests/unit/runtime_opts.c, built with each such config for this
#    machine, proves no opts can weaken it.
set -u
src=${TINYSKEL_SRC:-.}
cd "$src" || exit 1
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail=0
CC=${HOSTCC:-gcc}
CFLAGS="-std=c11 -Wall -Wextra -Werror -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all"
core=$(ls runtime/*/*.c | grep -v "^runtime/sys/")  # runtime/sys/ is the syscall layer, replaced by fake_sys.c

printf '#define TINYSKEL_HAVE_KCONFIG 1\n#define CONFIG_POLICY_ALLOW_UNSIGNED 1\n#define CONFIG_POLICY_REQUIRE_SIGNED 1\n' >"$t/both.h"
if $CC -std=c11 -Iinclude -include "$t/both.h" -c runtime/load/opts.c -o "$t/opts.o" 2>"$t/both.log"; then
	echo "FAIL: a config with both policies compiled"; fail=1
elif ! grep -q "pick one" "$t/both.log"; then
	echo "FAIL: both policies refused without saying why:"; cat "$t/both.log"; fail=1
else
	echo "both policies set: refused at build time ($(grep -o 'both CONFIG[^"]*' "$t/both.log" | head -1))"
fi

# config name -> header (empty: the runtime's own defaults, no Kconfig)
run_floor() {
	local name=$1 hdr=$2
	if [ -n "$hdr" ] && ! grep -q "CONFIG_POLICY_LOCKED" "$hdr"; then
		echo "FAIL: $name does not lock its policy"; fail=1; return
	fi
	if ! $CC $CFLAGS -Iinclude ${hdr:+-include "$hdr"} -Iruntime -Itests/unit -o "$t/opts_$name" \
		tests/unit/runtime_opts.c tests/unit/fake_sys.c $core 2>"$t/$name.log"; then
		echo "FAIL: $name: build"; cat "$t/$name.log"; fail=1; return
	fi
	if "$t/opts_$name" >"$t/$name.run" 2>&1; then
		echo "$name: policy locked, no opts weaken it"
	else
		echo "FAIL: $name:"; cat "$t/$name.run"; fail=1
	fi
}
for b in rpi4 beaglebone rpi4-minimal; do
	KCONFIG_CONFIG="$t/$b.config" kconfig-conf --defconfig="boards/$b/defconfig" Kconfig >/dev/null 2>&1 ||
		{ echo "FAIL: $b: kconfig"; fail=1; continue; }
	bash scripts/kconfig-header.sh "$t/$b.config" >"$t/$b.h"
	run_floor "$b" "$t/$b.h"
done
grep -q "^#define CONFIG_POLICY_LOCKED 1" runtime/config.h ||
	{ echo "FAIL: runtime/config.h's own defaults do not lock the policy"; fail=1; }
run_floor "no-kconfig" ""
exit $fail
