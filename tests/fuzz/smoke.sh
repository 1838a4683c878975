#!/usr/bin/env bash
# tests/fuzz/smoke.sh - every libFuzzer harness builds, runs its whole seed
# corpus (which holds the reproducers of past findings) and then fuzzes
# briefly without a failure.  The long runs are `make fuzz` (docs/fuzz.md).
#
#   FUZZ_SMOKE_SECONDS   seconds of fuzzing per harness (default 10)
#
# Exit 0 pass, 77 skip (no clang/libFuzzer), anything else fail.
set -u
src=${TINYSKEL_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
secs=${FUZZ_SMOKE_SECONDS:-10}
cd "$src" || exit 1

if ! command -v clang >/dev/null; then
	echo "clang not installed (scripts/install-deps.sh host)"
	exit 77
fi
if ! echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }' |
	clang -x c -fsanitize=fuzzer -o /dev/null - 2>/dev/null; then
	echo "clang cannot link libFuzzer (install libclang-rt-14-dev: scripts/install-deps.sh host)"
	exit 77
fi
if ! make --no-print-directory -s fuzz-build >/dev/null; then
	echo "FAIL: make fuzz-build"
	make --no-print-directory fuzz-build 2>&1 | tail -n 30
	exit 1
fi

work=build/fuzz/smoke
rm -rf "$work"
fail=0
for h in pem der cert key pkcs7_verify pkcs7_sign validate cident; do
	mkdir -p "$work/corpus/$h" "$work/artifacts"
	log=$work/$h.log
	# libFuzzer exits 77 on a crash by default: make that a plain failure.
	TINYSKEL_SRC=$src build/fuzz/fuzz_$h -seed=1 -max_total_time="$secs" -max_len=8192 \
		-timeout=10 -error_exitcode=1 -print_final_stats=1 \
		-artifact_prefix="$work/artifacts/$h-" "$work/corpus/$h" "fuzz/corpus/$h" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -n 1)
	if [ $rc = 0 ]; then
		echo "ok   fuzz_$h: ${runs:-?} runs, ${cov:-cov: ?}"
	else
		echo "FAIL fuzz_$h (exit $rc); log $log:"
		grep -E 'property failed|accepted:|ERROR|SUMMARY|Test unit written|runtime error' "$log" | head -n 10
		fail=1
	fi
done
exit $fail
