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
clang -O2 -g -target bpfel -c "$t/kc.bpf.c" -o "$t/kc.bpf.o" || exit 1
clang -O2 -g -target bpfeb -c "$t/kc.bpf.c" -o "$t/kc.be.bpf.o" || exit 1
# Big-endian objects need skelgen on libbpf >= 1.5 (tests/cli/libbpf_endian.sh builds it).
skelgen_be=${SKELGEN_BE:-$src/build/tools-libbpf/bin/skelgen}
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

# The metadata value a header stores (NAME__data) with its zero runs put
# back (NAME__zeros: pairs offset, length), as the runtime's
# tinyskel_data_read does.  Used by the value readers below.
value_py='
def value(h, name):
    import re
    nums = lambda n: [int(x) for x in re.search(n + r"\[\d+\][^{]*\{([^}]*)\}", h).group(1).replace("\n", "").split(",") if x.strip()]
    stored = bytes(nums(name + "__data"))
    runs = nums(name + "__zeros") if name + "__zeros[" in h else []
    data, pos = b"", 0
    for zoff, zlen in zip(runs[::2], runs[1::2]):
        n = zoff - len(data)
        data += stored[pos:pos + n] + bytes(zlen)
        pos += n
    return data + stored[pos:]
'
# The values in the blob: the .kconfig map's initial value inside kc__data,
# in the object's byte order (libbpf writes CONFIG_* in the host's: skelgen
# turns them for a big-endian object).
orders=little
[ -x "$skelgen_be" ] && orders="little big"
for order in $orders; do
sg=$skelgen obj=$t/kc.bpf.o
[ $order = big ] && sg=$skelgen_be obj=$t/kc.be.bpf.o
for v in 6.1.55 5.15.300; do
	if ! "$sg" --kconfig "$t/dev.config" --kernel-version $v -o "$t/kc.h" "$obj"; then
		echo "FAIL --kernel-version $v ($order-endian) refused"; fail=1; continue
	fi
	got=$(VALUE_PY=$value_py python3 - "$t/kc.h" $order <<'PY'
import os, re, sys
exec(os.environ['VALUE_PY'])
h = open(sys.argv[1]).read()
data = value(h, 'kc')
base = int(re.search(r"tinyskel_storage\.kconfig\), (\d+),", h).group(1))
off = {m.group(1): int(m.group(2)) for m in re.finditer(r'offsetof\(struct kc__kconfig, (\w+)\) == (\d+)', h)}
val = lambda n: int.from_bytes(data[base + off[n]:base + off[n] + 4], sys.argv[2])
v = val('LINUX_KERNEL_VERSION')
print('%d.%d.%d HZ=%d' % (v >> 16, (v >> 8) & 255, v & 255, val('CONFIG_HZ')))
PY
)
	want="$v HZ=123"
	[ $v = 5.15.300 ] && want="5.15.255 HZ=123"   # KERNEL_VERSION caps the patch level, as libbpf does
	if [ "$got" = "$want" ]; then
		echo "ok   --kernel-version $v ($order-endian): the blob holds $got"
	else
		echo "FAIL --kernel-version $v ($order-endian): the blob holds '$got', want '$want' (host: $(uname -r))"; fail=1
	fi
done
done
[ "$orders" = little ] && echo "note: no $skelgen_be: big-endian values not checked (tests/cli/libbpf_endian.sh builds it)"
# What the device's .config does not set: a __weak extern gets 0 (libbpf's
# rule for a weak extern with no value), "# CONFIG_X is not set" means n,
# and neither takes the build host's value (CONFIG_BPF is set here).  A
# strong extern with no line at all is refused.  LINUX_HAS_SYSCALL_WRAPPER
# (emitted by every BPF_KSYSCALL) follows the device, not libbpf's 1.
cat > "$t/kw.bpf.c" <<'C'
#define SEC(n) __attribute__((section(n), used))
#define __kconfig __attribute__((section(".kconfig")))
#define __weak __attribute__((weak))
typedef _Bool bool;
enum libbpf_tristate { TRI_NO = 0, TRI_YES = 1, TRI_MODULE = 2 };
char _license[] SEC("license") = "GPL";
extern bool CONFIG_BPF __kconfig __weak;
extern enum libbpf_tristate CONFIG_BPF_JIT __kconfig __weak;
extern int CONFIG_HZ __kconfig __weak;
extern char CONFIG_DEFAULT_HOSTNAME[16] __kconfig __weak;
extern bool CONFIG_NOTSET __kconfig;
extern int CONFIG_NOTSET_INT __kconfig;
extern int CONFIG_GIVEN __kconfig;
extern bool LINUX_HAS_SYSCALL_WRAPPER __kconfig;
int out;
SEC("raw_tp/sys_enter") int p1(void *ctx) { (void)ctx; out = CONFIG_BPF + CONFIG_BPF_JIT + CONFIG_HZ + CONFIG_NOTSET +
	CONFIG_NOTSET_INT + CONFIG_GIVEN + LINUX_HAS_SYSCALL_WRAPPER + CONFIG_DEFAULT_HOSTNAME[0]; return 0; }
C
clang -O2 -g -target bpf -c "$t/kw.bpf.c" -o "$t/kw.bpf.o" || exit 1
printf '# CONFIG_NOTSET is not set\n# CONFIG_NOTSET_INT is not set\nCONFIG_GIVEN=77' > "$t/kw.config"   # no final newline
{ cat "$t/kw.config"; printf '\nCONFIG_ARCH_HAS_SYSCALL_WRAPPER=y\n'; } > "$t/kwrap.config"
sed 's/# CONFIG_NOTSET_INT is not set//' "$t/kw.config" > "$t/kstrong.config"
kvals() { VALUE_PY=$value_py python3 - "$1" <<'PY'
import os, re, sys
exec(os.environ['VALUE_PY'])
h = open(sys.argv[1]).read()
data = value(h, 'kw')
base = int(re.search(r"tinyskel_storage\.kconfig\), (-?\d+),", h).group(1))
off = {m.group(1): int(m.group(2)) for m in re.finditer(r'offsetof\(struct kw__kconfig, (\w+)\) == (\d+)', h)}
size = dict(CONFIG_BPF=1, CONFIG_BPF_JIT=4, CONFIG_HZ=4, CONFIG_DEFAULT_HOSTNAME=1, CONFIG_NOTSET=1,
            CONFIG_NOTSET_INT=4, CONFIG_GIVEN=4, LINUX_HAS_SYSCALL_WRAPPER=1)
print(' '.join('%s=%d' % (n, int.from_bytes(data[base + off[n]:base + off[n] + size[n]], 'little')) for n in sorted(size)))
PY
}
zeros="CONFIG_BPF=0 CONFIG_BPF_JIT=0 CONFIG_DEFAULT_HOSTNAME=0 CONFIG_GIVEN=77 CONFIG_HZ=0 CONFIG_NOTSET=0 CONFIG_NOTSET_INT=0"
# the .config has the last word on LINUX_HAS_SYSCALL_WRAPPER (--kernel-arch is for when there is none)
for c in "kwrap.config|LINUX_HAS_SYSCALL_WRAPPER=1" "kw.config|LINUX_HAS_SYSCALL_WRAPPER=0"; do
	IFS='|' read -r cfg want <<<"$c"
	if ! "$skelgen" --kconfig "$t/$cfg" --kernel-arch x86_64 -o "$t/kw.h" "$t/kw.bpf.o" 2>"$t/err"; then
		echo "FAIL --kconfig $cfg refused: $(cat "$t/err")"; fail=1; continue
	fi
	got=$(kvals "$t/kw.h")
	if [ "$got" = "$zeros $want" ]; then
		echo "ok   --kconfig $cfg: $got"
	else
		echo "FAIL --kconfig $cfg: blob holds '$got', want '$zeros $want'"; fail=1
	fi
done
refused "extern CONFIG_NOTSET_INT (__kconfig): not set in the --kconfig file and not __weak" --kconfig "$t/kstrong.config" "$t/kw.bpf.o"
refused "(__kconfig): would take the build host's value" "$t/kw.bpf.o"

# Without a .config: the arch table (first kernel with syscall wrappers).
cat > "$t/ks.bpf.c" <<'C'
#define SEC(n) __attribute__((section(n), used))
#define __kconfig __attribute__((section(".kconfig")))
typedef _Bool bool;
char _license[] SEC("license") = "GPL";
extern bool LINUX_HAS_SYSCALL_WRAPPER __kconfig;
int out;
SEC("raw_tp/sys_enter") int p1(void *ctx) { (void)ctx; out = LINUX_HAS_SYSCALL_WRAPPER; return 0; }
C
clang -O2 -g -target bpf -c "$t/ks.bpf.c" -o "$t/ks.bpf.o" || exit 1
refused "extern LINUX_HAS_SYSCALL_WRAPPER (__kconfig): depends on the device's kernel" "$t/ks.bpf.o"
refused "extern LINUX_HAS_SYSCALL_WRAPPER (__kconfig): depends on the device's kernel: give --kernel-version" --kernel-arch x86_64 "$t/ks.bpf.o"
refused "no table for this --kernel-arch" --kernel-arch sparc64 --kernel-version 6.1.0 "$t/ks.bpf.o"
for c in "arm 6.1.0 0" "mips 6.18.0 0" "x86_64 4.16.9 0" "x86_64 4.17.0 1" "aarch64 4.18.0 0" "aarch64 4.19.0 1" "arm64 6.12.0 1"; do
	set -- $c
	"$skelgen" --kernel-arch "$1" --kernel-version "$2" -o "$t/ks.h" "$t/ks.bpf.o" 2>"$t/err" || { echo "FAIL $c: $(cat "$t/err")"; fail=1; continue; }
	got=$(VALUE_PY=$value_py python3 - "$t/ks.h" <<'PY'
import os, re, sys
exec(os.environ['VALUE_PY'])
h = open(sys.argv[1]).read()
data = value(h, 'ks')
m = re.search(r"tinyskel_storage\.kconfig\), (-?\d+),", h)
print(data[int(m.group(1))] if m and int(m.group(1)) >= 0 else 0)
PY
)
	[ "$got" = "$3" ] && echo "ok   --kernel-arch $1 --kernel-version $2: LINUX_HAS_SYSCALL_WRAPPER=$got" ||
		{ echo "FAIL --kernel-arch $1 --kernel-version $2: LINUX_HAS_SYSCALL_WRAPPER=$got, want $3"; fail=1; }
done
# LINUX_HAS_BPF_COOKIE (libbpf's usdt.bpf.h): the device's kernel version decides (5.15+).
sed 's/LINUX_HAS_SYSCALL_WRAPPER/LINUX_HAS_BPF_COOKIE/g' "$t/ks.bpf.c" > "$t/kb.bpf.c"
clang -O2 -g -target bpf -c "$t/kb.bpf.c" -o "$t/kb.bpf.o" || exit 1
refused "extern LINUX_HAS_BPF_COOKIE (__kconfig): depends on the device's kernel (5.15+): give --kernel-version" "$t/kb.bpf.o"
for c in "5.14.21 0" "5.15.0 1"; do
	set -- $c
	"$skelgen" --kernel-version "$1" -o "$t/kb.h" "$t/kb.bpf.o" 2>"$t/err" || { echo "FAIL $c: $(cat "$t/err")"; fail=1; continue; }
	got=$(VALUE_PY=$value_py python3 - "$t/kb.h" <<'PY'
import os, re, sys
exec(os.environ['VALUE_PY'])
h = open(sys.argv[1]).read()
data = value(h, 'kb')
m = re.search(r"tinyskel_storage\.kconfig\), (-?\d+),", h)
print(data[int(m.group(1))] if m and int(m.group(1)) >= 0 else 0)
PY
)
	[ "$got" = "$2" ] && echo "ok   --kernel-version $1: LINUX_HAS_BPF_COOKIE=$got" ||
		{ echo "FAIL --kernel-version $1: LINUX_HAS_BPF_COOKIE=$got, want $2"; fail=1; }
done
exit $fail
