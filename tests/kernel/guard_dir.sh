#!/usr/bin/env bash
# The guard's pin directory is created safely (issue 21): tinyskel-guard
# creates it 0700 root on bpffs, tightens a root-owned one to 0700, and
# refuses one owned by another user, one writable by group or others, a
# symlink, and a directory that is not on bpffs - before it loads anything.
# On a bpffs this test mounts and removes.
set -u
. "$(dirname "$0")/lib.bash"
need_bpf
G=$build/guard/tinyskel-guard
[ -x "$G" ] || { echo "FAIL: $G not built (make guard)"; exit 1; }
d=$(mktemp -d /tmp/tsk-guarddir.XXXXXX)
mount -t bpf bpf "$d" || { rmdir "$d"; echo "cannot mount bpffs"; exit 77; }
trap 'umount "$d"; rmdir "$d"; rm -rf /tmp/tsk-guarddir-notbpf.$$' EXIT
fail=0

# refused DIR WORD: load must exit 1 naming WORD, before any kernel probe
refused() {
	local out
	out=$("$G" load --keyring 1 --dir "$1" 2>&1) && { echo "FAIL: $1 accepted: $out"; fail=1; return; }
	echo "$out" | grep -q -- "$2" || { echo "FAIL: $1: expected '$2' in: $out"; fail=1; return; }
	echo "refused $1: $out"
}
mkdir "$d/user" && chown 1000:1000 "$d/user" && chmod 0700 "$d/user"
refused "$d/user" "owned by uid 1000"
mkdir "$d/wide" && chmod 0777 "$d/wide"
refused "$d/wide" "mode 777"
mkdir "$d/group" && chmod 0770 "$d/group"
refused "$d/group" "mode 770"
mkdir "$d/real" && chmod 0700 "$d/real" && ln -s "$d/real" "$d/link"
refused "$d/link" "Not a directory" # O_NOFOLLOW|O_DIRECTORY on a symlink
mkdir -p /tmp/tsk-guarddir-notbpf.$$
refused /tmp/tsk-guarddir-notbpf.$$ "not on bpffs"

# Accepted: a new one is made 0700 root; a root 0755 one is tightened.
# (What follows the directory check - probes, the signed load - depends on
# the kernel: here it may stop at "cannot verify"; the directory is done.)
"$G" load --keyring 1 --dir "$d/new" >/dev/null 2>&1
[ "$(stat -c '%u %a' "$d/new" 2>/dev/null)" = "0 700" ] || { echo "FAIL: $d/new: $(stat -c '%u %a' "$d/new" 2>&1)"; fail=1; }
mkdir "$d/loose" && chmod 0755 "$d/loose"
"$G" load --keyring 1 --dir "$d/loose" >/dev/null 2>&1
[ "$(stat -c '%u %a' "$d/loose")" = "0 700" ] || { echo "FAIL: $d/loose not tightened: $(stat -c '%a' "$d/loose")"; fail=1; }
[ $fail = 0 ] && echo "pin directory: created 0700 root; other owners, group/other write, symlinks, non-bpffs refused"
exit $fail
