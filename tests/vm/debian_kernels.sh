#!/usr/bin/env bash
# The VM layer on Debian's own amd64 kernels, 6.1 (bookworm) and 6.12
# (bookworm's 6.12 line): kernels that verify no BPF signature.  Probes say
# so, every signed scheme is refused (forced) with the kernel's errno, an
# unforced load under "require signed" is refused at step policy, and the
# policies that allow unsigned loads count exactly.  Kernels are fetched
# with `apt-get download` and unpacked with dpkg-deb into the kernel cache
# outside the clone (tests/vm/debian_fetch.bash: /var/cache/tinyskel/debian)
# (never installed); a kernel that cannot be fetched is a SKIP naming it.
. "$(dirname "$0")/lib.bash"

. "$(dirname "$0")/debian_fetch.bash"

failed="" missing="" ran=0
for k in "6.1 ^linux-image-6\.1\.0-[0-9]+-amd64-unsigned$ -6\.1\." "6.12 ^linux-image-6\.12\.[0-9]+\+deb12-amd64-unsigned$ -6\.12\."; do
	set -- $k
	img=$(debian_fetch "$2" "$3")
	if [ -z "$img" ] || [ ! -f "$img" ]; then
		missing="$missing debian-$1"
		continue
	fi
	ran=$((ran + 1))
	vm_boot "debian-$1" "$img" none old || failed="$failed $(basename "$img")"
done
cat "$VM_OUT"/debian-*.matrix 2>/dev/null > "$VM_OUT/matrix-debian.md"
[ -z "$failed" ] || fail "on$failed (see $VM_OUT/*.log)"
[ $ran -gt 0 ] || skip "cannot fetch Debian's kernels (offline?):$missing"
[ -z "$missing" ] || skip "passed on $ran kernels; cannot fetch:$missing"
echo "checked on $ran Debian kernels"
