#!/usr/bin/env bash
# The VM layer on the signing kernels of $TINYSKEL_TEST_KERNELS (default
# ../shared/kernels beside the repository when it exists): every scheme
# each one verifies, with every key, each refusal with its errno, step and
# reason, the probes and the scheme picked (tests/vm/vmtest.c judges).
# What each image verifies is the documented fact of its README, given to
# /init on the kernel command line.  A missing image is a SKIP naming it.
. "$(dirname "$0")/lib.bash"

dir=${TINYSKEL_TEST_KERNELS:-}
[ -z "$dir" ] && [ -d "$TINYSKEL_SRC/../shared/kernels" ] && dir=$TINYSKEL_SRC/../shared/kernels
[ -n "$dir" ] || skip "no signing kernels: set TINYSKEL_TEST_KERNELS (../shared/kernels does not exist)"
[ -d "$dir" ] || skip "no signing kernels: $dir does not exist"

# image  verifies  struct bpf_map layout / BTF  (../shared/kernels/README.md)
facts="bzImage-6.18.35-chain chain nobtf
bzImage-6.18.35-chain-btf chain,inloader early
bzImage-6.18.35-excl-chain-btf chain,inloader excl
bzImage-6.18.35-loadtime loadtime nobtf"

failed="" missing="" ran=0
while read -r image verify layout; do
	if [ ! -f "$dir/$image" ]; then
		missing="$missing $image"
		continue
	fi
	ran=$((ran + 1))
	vm_boot "${image#bzImage-}" "$dir/$image" "$verify" "$layout" || failed="$failed $image"
done <<<"$facts"
# Images nobody described: booted, printed, not judged.
for image in "$dir"/bzImage-*; do
	[ -f "$image" ] || continue
	grep -q "^$(basename "$image") " <<<"$facts" && continue
	vm_boot "$(basename "$image")" "$image" "" "?" || true
done
cat "$VM_OUT"/6.18.35-*.matrix 2>/dev/null > "$VM_OUT/matrix-shared.md"
[ -z "$failed" ] || fail "on$failed (see $VM_OUT/*.log)"
[ $ran -gt 0 ] || skip "no kernel of $dir found:$missing"
[ -z "$missing" ] || skip "passed on $ran kernels; missing:$missing"
echo "verified on $ran kernels of $dir"
