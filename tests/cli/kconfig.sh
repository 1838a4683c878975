#!/usr/bin/env bash
# __kconfig externs take the device's values, not the build host's: without
# --kconfig / --kernel-version an object that uses them is refused naming
# the extern; with them the signed blob holds exactly the given values
# (read back from the header's own bytes).
set -u
src=${TINYSKEL_SRC:-.}
skelgen=${SKELGEN:-$src/build/tools/bin/skelgen}
[ -x "$skelgen" ] || { echo "build first (make)"; exit 1; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail=0
cat > "$t/kc.bpf.c" <<'C'
#define SEC(n) __attribute__((section(n), used))
#define __kconfig __attribute__((section(".kconfig")))
char _license[] SEC("license") = "GPL";
extern unsigned int LINUX_KERNEL_VERSION __kconfig;
extern int CONFIG_HZ __kconfig;
int out;
SEC("raw_tp/sys_enter") int p1(void *ctx) { (void)ctx; out = LINUX_KERNEL_VERSION + CONFIG_HZ; return 0; }
C
clang -O2 -g -target bpf -c "$t/kc.bpf.c" -o "$t/kc.bpf.o" || exit 1
printf '# the device\nCONFIG_HZ=123\n' > "$t/dev.config"
printf 'CONFIG_OTHER=y\n' > "$t/other.config"

refused() { # WANT ARGS...: one line naming WANT, non-zero, no header
	local want=$1; shift
	rm -f "$t/kc.h"
	"$skelgen" -o "$t/kc.h" "$@" 2>"$t/err"; local rc=$?
	if [ $rc -ne 0 ] && [ "$(wc -l < "$t/err")" = 1 ] && grep -q -- "$want" "$t/err" && [ ! -e "$t/kc.h" ]; then
		echo "ok   refused $*: $(cat "$t/err")"
	else
		echo "FAIL $*: exit $rc, $(head -c 300 "$t/err"), want '*$want*'"; fail=1
	fi
}
refused "extern CONFIG_HZ (__kconfig)" "$t/kc.bpf.o"
refused "extern LINUX_KERNEL_VERSION (__kconfig)" --kconfig "$t/dev.config" "$t/kc.bpf.o"
refused "extern CONFIG_HZ (__kconfig)" --kernel-version 6.1.55 "$t/kc.bpf.o"
refused "extern CONFIG_HZ (__kconfig): not set in the --kconfig file"  --kconfig "$t/other.config" --kernel-version 6.1.55 "$t/kc.bpf.o"
refused "is not X.Y.Z" --kconfig "$t/dev.config" --kernel-version 6.1 "$t/kc.bpf.o"

# The values in the blob: the .kconfig map's initial value inside kc__data.
for v in 6.1.55 5.15.300; do
	if ! "$skelgen" --kconfig "$t/dev.config" --kernel-version $v -o "$t/kc.h" "$t/kc.bpf.o"; then
		echo "FAIL --kernel-version $v refused"; fail=1; continue
	fi
	got=$(python3 - "$t/kc.h" <<'PY'
import re, sys
h = open(sys.argv[1]).read()
nums = lambda name: [int(x) for x in re.search(name + r'\[\d+\][^{]*\{([^}]*)\}', h).group(1).replace('\n', '').split(',') if x.strip()]
stored = bytes(nums('kc__data'))
# the value's zero runs, left out of kc__data (pairs offset, length)
runs = nums('kc__zeros') if 'kc__zeros[' in h else []
data, pos = b'', 0
for zoff, zlen in zip(runs[::2], runs[1::2]):
    n = zoff - len(data)
    data += stored[pos:pos + n] + bytes(zlen)
    pos += n
data += stored[pos:]
base = int(re.search(r"tinyskel_storage\.kconfig\), (\d+),", h).group(1))
off = {m.group(1): int(m.group(2)) for m in re.finditer(r'offsetof\(struct kc__kconfig, (\w+)\) == (\d+)', h)}
val = lambda n: int.from_bytes(data[base + off[n]:base + off[n] + 4], 'little')
v = val('LINUX_KERNEL_VERSION')
print('%d.%d.%d HZ=%d' % (v >> 16, (v >> 8) & 255, v & 255, val('CONFIG_HZ')))
PY
)
	want="$v HZ=123"
	[ $v = 5.15.300 ] && want="5.15.255 HZ=123"   # KERNEL_VERSION caps the patch level, as libbpf does
	if [ "$got" = "$want" ]; then
		echo "ok   --kernel-version $v: the blob holds $got"
	else
		echo "FAIL --kernel-version $v: the blob holds '$got', want '$want' (host: $(uname -r))"; fail=1
	fi
done
exit $fail
