#!/usr/bin/env bash
# After a failed NAME__attach(), skel->result describes the attach, not the
# load before it: step attach, the errno, the program (result.name) and a
# reason naming the kind and the cause.  On this kernel: a tracepoint that
# does not exist, and a kprobe where the kernel has no kprobe PMU.
set -u
. "$(dirname "$0")/lib.bash"
need_bpf
need_tracefs
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail=0
cat > "$t/ar.bpf.c" <<'C'
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
__u64 hits;
SEC("raw_tp/sys_enter") int p_raw(void *ctx) { (void)ctx; hits++; return 0; }
SEC("tp/tinyskel_none/none") int p_tp(void *ctx) { (void)ctx; hits++; return 0; }
SEC("kprobe/vfs_write") int p_kp(void *ctx) { (void)ctx; hits++; return 0; }
char LICENSE[] SEC("license") = "GPL";
C
cat > "$t/app.c" <<'C'
#define TINYSKEL_ATTACH_ALL
#include <stdio.h>
#include <string.h>
#include "ar.lskel.h"
int main(int argc, char **argv)
{
	struct ar skel;
	int err;

	(void)argc;
	if (ar__init(&skel) || ar__load(&skel)) {
		printf("load: %s\n", skel.result.reason);
		return 1;
	}
	if (!strcmp(argv[1], "kp")) /* past the tracepoint: attach the others one by one */
		err = ar__p_raw__attach(&skel) < 0 || ar__p_kp__attach(&skel) < 0 ? -1 : 0;
	else
		err = ar__attach(&skel);
	printf("attach=%d errno=%d step=%s name=%s err=%d reason=%s\n", err, errno,
	       tinyskel_step_name(skel.result.step), skel.result.name ? skel.result.name : "(null)", skel.result.err,
	       skel.result.reason);
	ar__deinit(&skel);
	return 0;
}
C
clang -O2 -g -target bpf -I/usr/include/$(gcc -print-multiarch) -c "$t/ar.bpf.c" -o "$t/ar.bpf.o" || exit 1
"$skelgen" -o "$t/ar.lskel.h" "$t/ar.bpf.o" || exit 1
gcc -std=gnu11 -Wall -Wextra -Werror -I"$t" -I"$src/include" "$t/app.c" "$build/libtinyskel.a" -o "$t/app" || exit 1
check() { # CASE WANT
	local out
	out=$("$t/app" "$1")
	if [[ "$out" == *"$2"* ]]; then
		echo "ok   $1: $out"
	else
		echo "FAIL $1: got '$out', want '*$2*'"; fail=1
	fi
}
check tp "attach=-1 errno=2 step=attach name=p_tp err=-2 reason=tracepoint attach: no such tracepoint, or tracefs not mounted"
if [ -e /sys/bus/event_source/devices/kprobe/type ]; then
	echo "note: this kernel has a kprobe PMU; the kprobe case is for kernels without"
else
	check kp "errno=2 step=attach name=p_kp err=-2 reason=kprobe attach: no kprobe PMU"
fi
exit $fail
