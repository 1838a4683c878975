#!/usr/bin/env bash
# Every BPF program in tests/, examples/ and bench/, compiled with the
# project's BPF flags and loaded alone on this kernel: its verified
# instruction count is listed, and the test fails when one is above
# 100,000 (10 % of the verifier's 1,000,000 budget), so a program that
# creeps toward the limit is caught where it is written (tests/kernel/verified_insns.c).
set -u
. "$(dirname "$0")/lib.bash"
need_bpf
out=$build/tests/verified-insns
rm -rf "$out" && mkdir -p "$out/obj" "$out/vmlinux"
limit=${VERIFIED_INSNS_LIMIT:-100000}
gcc -std=c11 -Wall -Wextra -Werror -O1 -o "$out/verified_insns" "$src/tests/kernel/verified_insns.c" -lbpf -lelf -lz \
	2>"$out/build.log" || { cat "$out/build.log"; echo "FAIL: cannot build the counter (libbpf-dev)"; exit 1; }
# Programs written against vmlinux.h get this kernel's.
[ -r /sys/kernel/btf/vmlinux ] && bpftool btf dump file /sys/kernel/btf/vmlinux format c >"$out/vmlinux/vmlinux.h" 2>/dev/null
bad=0 objs=()
while IFS= read -r f; do
	o=$out/obj/$(echo "${f#"$src"/}" | tr / _ | sed 's/\.c$/.o/')
	if ! clang -O2 -g -target bpf -I"/usr/include/$(gcc -print-multiarch)" -I"$src/examples/include" \
		-I"$(dirname "$f")" -I"$out/vmlinux" -c "$f" -o "$o" 2>"$o.log"; then
		echo "FAIL: $f does not compile with the project's BPF flags:"; head -3 "$o.log"; bad=1; continue
	fi
	objs+=("$o")
done < <(find "$src/tests" "$src/examples" "$src/bench" -name '*.bpf.c' -not -path '*/build/*' | sort)
[ ${#objs[@]} -gt 0 ] || { echo "FAIL: no BPF programs found under $src"; exit 1; }
"$out/verified_insns" "$limit" "${objs[@]}" || bad=1
exit $bad
