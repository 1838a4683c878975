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
exit $fail
