#!/usr/bin/env bash
# Generated headers compile cleanly (-Wall -Wextra -Werror) with gcc and
# clang, in C and C++, against glibc and musl, with and without
# <linux/bpf.h> in the same translation unit (no name clashes).
set -u
src=${TINYSKEL_SRC:-.}
build=${BUILD:-$src/build/host}
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail=0
for name in counter tpcount; do
	h=$build/examples/$name/$name.lskel.h
	[ -e "$h" ] || { echo "missing $h (make first)"; exit 1; }
	for with_uapi in 0 1; do
		{
			[ $with_uapi = 1 ] && echo '#include <linux/bpf.h>'
			echo "#include \"$h\""
			echo "int use_$name(void);"
			echo "int use_$name(void) { struct $name s; ${name}__init(&s); ${name}__deinit(&s);"
			echo "  return (int)${name}__blob()->insns_sz + (int)sizeof(s.links); }"
		} > "$t/tu.c"
		cp "$t/tu.c" "$t/tu.cc"
		for cc in "gcc -std=c11" "clang -std=c11" "g++ -std=c++11" "clang++ -std=c++11" "musl-gcc -std=c11"; do
			set -- $cc
			command -v "$1" >/dev/null || { echo "skip $1: not installed"; continue; }
			case $1 in *++) f=$t/tu.cc ;; *) f=$t/tu.c ;; esac
			# musl has no kernel headers of its own: give it the host's UAPI only when asked for
			extra=""
			[ "$1" = musl-gcc ] && [ $with_uapi = 1 ] && extra="-idirafter /usr/include -idirafter /usr/include/$(gcc -print-multiarch)"
			if $cc -Wall -Wextra -Werror -I"$src/include" $extra -c "$f" -o "$t/tu.o" 2>"$t/err"; then
				echo "ok   $name with $cc${with_uapi:+ }$([ $with_uapi = 1 ] && echo '+ <linux/bpf.h>')"
			else
				echo "FAIL $name with $cc (uapi=$with_uapi):"; head -20 "$t/err"; fail=1
			fi
		done
	done
done

# skelgen exits 0 only with a header that compiles: names and sections from
# the object are attacker bytes.  Each case either compiles everywhere (the
# TU also defines injected(), so a header that smuggled it in fails) or is
# refused with one line on stderr.  Cases marked ok must be accepted.
skelgen=${SKELGEN:-$src/build/tools/bin/skelgen}
good=$build/examples/counter/counter.bpf.o
bpfcc() { clang -O2 -g -target bpf -c "$1" -o "$2"; }
lic() { printf '#define SEC(n) __attribute__((section(n), used))\nchar _license[] SEC("license") = "GPL";\n'; }
prog() { # NAME SEC [ASM-NAME]: one program
	printf 'SEC("%s") int %s(void *ctx)%s;\nint %s(void *ctx) { (void)ctx; return 0; }\n' "$2" "$1" \
		"${3:+ __asm__(\"$3\")}" "$1"
}
long=p123456789012345678901234567890123456789012345678901234567890ab
{ lic; prog p1 'raw_tp/x */ }; int injected(void) { return 42; } static const int d[] = { 0, /*'; } > "$t/inj.bpf.c"
{ lic; prog p1 raw_tp/sys_enter 'a;b'; } > "$t/p_semi.bpf.c"
{ lic; prog p1 raw_tp/sys_enter errno; } > "$t/p_errno.bpf.c"
{ lic; prog p1 raw_tp/sys_enter class; } > "$t/p_class.bpf.c"
{ lic; prog p1 raw_tp/sys_enter "${long}1"; prog p2 raw_tp/sys_enter "${long}2"; } > "$t/p_long.bpf.c"
# global data: a BTF variable named by an asm label, a member that is a C++ keyword
{ lic; echo 'int gv __asm__("gv; } injected_struct; int injected(void) { return 42; } struct { int x");'
  prog p1 raw_tp/sys_enter; } > "$t/p_gvar.bpf.c"
{ lic; echo 'struct s { int class; int ok; }; struct s gs;'; prog p1 raw_tp/sys_enter; } > "$t/p_member.bpf.c"
for o in inj p_semi p_errno p_class p_long p_gvar p_member; do bpfcc "$t/$o.bpf.c" "$t/$o.bpf.o" || fail=1; done
mkdir -p "$t/a*/b" "$t/x" "$t/y" && cp "$good" "$t/a*/b/counter.bpf.o" && cp "$good" "$t/static.bpf.o"
cp "$good" "$t/x/counter.bpf.o" && cp "$good" "$t/y/counter.bpf.o"
# row: must (ok = must be accepted, any = compile or refuse) | skeleton name | skelgen arguments
cases=(
"ok|inj|$t/inj.bpf.o"
"ok|counter|$t/a*/b/counter.bpf.o"
"any|p_semi|$t/p_semi.bpf.o"
"any|p_errno|$t/p_errno.bpf.o"
"ok|p_class|$t/p_class.bpf.o"
"any|p_long|$t/p_long.bpf.o"
"any|p_gvar|$t/p_gvar.bpf.o"
"any|p_member|$t/p_member.bpf.o"
"any|static|$t/static.bpf.o"
)
for nm in int class new this errno linux unix NULL EPERM size_t uint8_t free main abort exit ctx maps links bss data result \
	__x _Bool tinyskel counter__open; do
	cases+=("any|$nm|--name $nm $good")
done
for c in "${cases[@]}"; do
	IFS='|' read -r must nm args <<<"$c"
	rm -f "$t/g.h"
	IFS=$'\t' read -r -a argv <<<"${args// /$'\t'}"
	if ! "$skelgen" -o "$t/g.h" "${argv[@]}" 2>"$t/err"; then
		if [ "$must" = any ] && [ "$(wc -l < "$t/err")" = 1 ] && [ ! -e "$t/g.h" ]; then
			echo "ok   refused $args: $(cat "$t/err")"
		else
			echo "FAIL $args: exit non-zero, stderr: $(head -c 300 "$t/err")"; fail=1
		fi
		continue
	fi
	printf '#include "%s"\nint injected(void);\nint injected(void) { struct %s s; %s__init(&s); %s__deinit(&s); return 0; }\n' \
		"$t/g.h" "$nm" "$nm" "$nm" > "$t/inj.c"
	cp "$t/inj.c" "$t/inj.cc"
	bad=""
	# A program or map named like a C++ keyword is valid C (bpftool's
	# header takes it): the C++ build must stop at skelgen's #error.
	cxx_only=0
	grep -q "^#error \"skelgen: .* C++ keyword" "$t/g.h" && cxx_only=1
	for cc in "gcc -std=c11" "gcc -std=gnu11" "clang -std=c11" "g++ -std=c++11" "g++ -std=gnu++17" "clang++ -std=c++11"; do
		set -- $cc
		case $1 in *++) f=$t/inj.cc ;; *) f=$t/inj.c ;; esac
		if [ $cxx_only = 1 ] && [ "$f" = "$t/inj.cc" ]; then
			$cc -Wall -Wextra -Werror -I"$src/include" -c "$f" -o "$t/inj.o" 2>"$t/cerr" &&
				bad="$bad [$cc: compiled past the C++ #error]"
			grep -q "error: .*skelgen: .* C++ keyword" "$t/cerr" || bad="$bad [$cc: no skelgen #error first]"
			continue
		fi
		$cc -Wall -Wextra -Werror -I"$src/include" -c "$f" -o "$t/inj.o" 2>"$t/cerr" || bad="$bad [$cc: $(grep -m1 error "$t/cerr")]"
	done
	if [ -z "$bad" ]; then
		echo "ok   accepted $args: compiles"
	else
		echo "FAIL accepted $args but the header does not compile:$bad"; fail=1
	fi
done
# The header names the object by its file name only: the same object built
# in two directories gives byte-identical headers.
if "$skelgen" -o "$t/x.h" "$t/x/counter.bpf.o" && "$skelgen" -o "$t/y.h" "$t/y/counter.bpf.o" && cmp -s "$t/x.h" "$t/y.h"; then
	echo "ok   same object, two directories: identical headers"
else
	echo "FAIL same object in two directories gives different headers: $(diff "$t/x.h" "$t/y.h" | head -n 4)"; fail=1
fi
exit $fail
