#!/usr/bin/env bash
# Run tests and print the closing line `N passed, N failed, N skipped`.
#
#   tests/run.sh TEST...
#
# A test is an executable (a compiled program or a script).  Exit 0 = pass,
# 77 = skipped (the test prints why on its last line), anything else = fail.
# Each test's output is kept in $TEST_LOGDIR (default build/test-logs) and
# shown for failures and skips.
set -u
logdir=${TEST_LOGDIR:-build/test-logs}
mkdir -p "$logdir"
pass=0 fail=0 skip=0
failed=""
for t in "$@"; do
	name=$(echo "$t" | sed 's|^\./||; s|/|_|g')
	log="$logdir/$name.log"
	start=$(date +%s.%N)
	# Compiled tests of a cross board run under qemu-user; scripts run as they are.
	if [ -n "${TEST_WRAPPER:-}" ] && [ "$(head -c 2 "$t")" != "#!" ]; then
		$TEST_WRAPPER "$t" >"$log" 2>&1
	else
		"$t" >"$log" 2>&1
	fi
	rc=$?
	dur=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN{printf "%.2f", e-s}')
	case $rc in
	0) pass=$((pass + 1)); echo "PASS $t (${dur}s)" ;;
	77) skip=$((skip + 1)); echo "SKIP $t: $(grep -v '^$' "$log" | tail -n 1)" ;;
	*) fail=$((fail + 1)); failed="$failed $t"
	   echo "FAIL $t (exit $rc)"; sed 's/^/    | /' "$log" | tail -n 40 ;;
	esac
done
echo
echo "$pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
