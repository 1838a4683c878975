#!/usr/bin/env bash
# The CMake package end to end: `make install DESTDIR=` for the host and
# `make BOARD=qemu-arm64|qemu-armv7 install-lib DESTDIR=` (a target sysroot),
# then tests/integration/cmake/ — a project outside the tree — configured
# with find_package(tinyskel) only, its two headers made by
# tinyskel_add_skeleton() at build time (one signed with the fixture key).
#   host:    tapp info, OpenSSL verifies the build-time chain signature, and
#            as root the unsigned header loads on this kernel and counts exactly
#   aarch64, armv7 (the installed example toolchain files):
#            static ARM binaries, `tapp info` under qemu-user, BPF compiled
#            with none of the host's headers, headers byte-identical to the
#            host's (nothing of the build host's CPU or page size in them)
#   a package for another CPU is refused by find_package.
set -u
. "$(dirname "$0")/lib.bash"
b=$src/build/integration/cmake
rm -rf "$b"; mkdir -p "$b"
proj=$src/tests/integration/cmake
for tool in cmake clang openssl; do
	command -v $tool >/dev/null || { echo "FAIL: $tool not installed (scripts/install-deps.sh host)"; exit 1; }
done

run_logged "$b/install-host.log" make -C "$src" install DESTDIR="$b/stage-host" PREFIX=/usr || exit 1
host_prefix=$b/stage-host/usr
skelgen=$host_prefix/bin/skelgen

# configure_build NAME CMAKE-ARGS...: configure and build the project in $b/NAME.
configure_build() {
	local name=$1; shift
	run_logged "$b/$name.configure.log" cmake -S "$proj" -B "$b/$name" \
		-DTAPP_KEY="$keys/rsa2048.key.pem" -DTAPP_CERT="$keys/rsa2048.crt.pem" "$@" &&
		run_logged "$b/$name.build.log" cmake --build "$b/$name" -j2 -v
}

# check_info NAME POINTER-BITS RUNNER...: what the binary says about itself.
check_info() {
	local name=$1 bits=$2; shift 2
	"$@" "$b/$name/tapp" info >"$b/$name.info" 2>&1 || fail "$name: tapp info exited $?"
	expect_match "$name: ${bits}-bit build" "$b/$name.info" "^tinyskel [0-9]+\.[0-9]+, ${bits}-bit pointers$"
	expect_match "$name: signed at build time for chain,loadtime" "$b/$name.info" \
		'^count_signed: 2 signatures: chain\([0-9]+ bytes\) loadtime\([0-9]+ bytes\)$'
	expect_match "$name: plain header unsigned" "$b/$name.info" '^count_plain: 0 signatures:$'
	expect_match "$name: long global is 8 bytes" "$b/$name.info" '^bss.hits: 8 bytes$'
}

# ---------------------------------------------------------------- host
if configure_build host -DCMAKE_PREFIX_PATH="$host_prefix"; then
	check_info host 64
	# The build-time signature, checked by OpenSSL over the chain content.
	d=$b/host-blob; mkdir -p "$d"
	cc -I"$host_prefix/include" -include "$b/host/tinyskel/count_signed/count_signed.lskel.h" \
		-DSKEL_BLOB=count_signed__blob "$src/tests/oracle/dump_blob.c" "$host_prefix/lib/libtinyskel.a" \
		-o "$d/dump" && "$d/dump" "$d" >/dev/null || fail "host: dump_blob"
	# The chain signature covers its own (sealed) loader, not the common one.
	{ openssl dgst -sha256 -binary "$d/insns.chain"; openssl dgst -sha256 -binary "$d/data"; } |
		openssl dgst -sha256 -binary >"$d/chain.bin"
	if openssl cms -verify -binary -inform DER -in "$d/sig.chain" -content "$d/chain.bin" \
		-certfile "$keys/rsa2048.crt.pem" -nointern -noverify -out /dev/null 2>"$d/verify.log"; then
		ok "host: OpenSSL verifies the chain signature made at build time with rsa2048"
	else
		fail "host: OpenSSL refused the build-time signature: $(cat "$d/verify.log")"
	fi
	if [ "$(id -u)" = 0 ]; then
		"$b/host/tapp" count 1000 >"$b/host.count" 2>&1
		expect_match "host: loads on this kernel and counts" "$b/host.count" '^scheme none: counted 1000 of 1000 -> exact$'
	else
		echo "note: not root, the real-kernel load of the CMake-built app was not run"
	fi
else
	fail "host: configure/build"
fi

# The build host's page size must not reach the header (bpftool's trap): the
# host build's headers regenerated with every page-size query answering 64 KiB.
fp=$b/fake_pagesize.so
if cc -shared -fPIC -Wall -Wextra -Werror -o "$fp" "$src/tests/integration/fake_pagesize.c" -ldl &&
	printf '#include <stdio.h>\n#include <unistd.h>\nint main(void){printf("%%ld\\n",sysconf(_SC_PAGESIZE));return 0;}\n' |
		cc -x c -o "$b/pagesize" - && [ "$(LD_PRELOAD=$fp "$b/pagesize")" = 65536 ]; then
	# Control: bpftool's light skeleton of the same object does change (so the fake bites).
	o=$b/host/tinyskel/count_plain/count_plain.bpf.o
	if bpftool gen skeleton -L "$o" name cp >"$b/bpftool-4k.h" 2>/dev/null &&
		LD_PRELOAD=$fp bpftool gen skeleton -L "$o" name cp >"$b/bpftool-64k.h" 2>/dev/null; then
		cmp -s "$b/bpftool-4k.h" "$b/bpftool-64k.h" &&
			fail "control: bpftool's header did not change under the fake page size (the fake does not bite)" ||
			ok "control: bpftool's header bakes in the fake 64 KiB page size"
	else
		echo "note: bpftool failed on the object; the control was not run"
	fi
	mkdir -p "$b/pagesize-4k"
	cp "$b"/host/tinyskel/*/*.lskel.h "$b/pagesize-4k/"
	rm -f "$b"/host/tinyskel/*/*.lskel.h
	# Only skelgen runs with the fake (gcc itself cannot live with a wrong page size).
	printf '#!/bin/sh\nLD_PRELOAD=%s exec %s "$@"\n' "$fp" "$skelgen" >"$b/skelgen-64k" && chmod +x "$b/skelgen-64k"
	if run_logged "$b/host-64k.configure.log" cmake "$b/host" -DTINYSKEL_SKELGEN="$b/skelgen-64k" &&
		run_logged "$b/host-64k.build.log" cmake --build "$b/host" -j2 -v &&
		grep -q "skelgen-64k" "$b/host-64k.build.log"; then
		for s in count_signed count_plain; do
			cmp -s "$b/pagesize-4k/$s.lskel.h" "$b/host/tinyskel/$s/$s.lskel.h" &&
				ok "host: $s.lskel.h identical when the build host reports 64 KiB pages" ||
				fail "host: $s.lskel.h changes with the build host's page size"
		done
	else
		fail "host: rebuild under a 64 KiB page size"
	fi
else
	fail "fake_pagesize.so does not fake the page size"
fi

# Ninja, the other generator (its depfile handling differs from Makefiles').
if command -v ninja >/dev/null && configure_build host-ninja -G Ninja -DCMAKE_PREFIX_PATH="$host_prefix"; then
	check_info host-ninja 64
else
	fail "host, Ninja: configure/build"
fi
# KCONFIG reaches skelgen as --kconfig FILE (configured only: see CMakeLists.txt).
echo "CONFIG_HZ=250" >"$b/kernel.config"
if run_logged "$b/kconfig.configure.log" cmake -S "$proj" -B "$b/kconfig" -DCMAKE_PREFIX_PATH="$host_prefix" \
	-DTAPP_KEY="$keys/rsa2048.key.pem" -DTAPP_CERT="$keys/rsa2048.crt.pem" -DTAPP_KCONFIG="$b/kernel.config"; then
	grep -rq -- "--kconfig $b/kernel.config" "$b/kconfig/CMakeFiles" && ok "KCONFIG becomes skelgen --kconfig" ||
		fail "KCONFIG: no 'skelgen ... --kconfig $b/kernel.config' in the generated build"
else
	fail "KCONFIG: configure"
fi
# SCHEMES without a key is a configure-time error, not a build-time one.
if cmake -S "$proj" -B "$b/nokey" -DCMAKE_PREFIX_PATH="$host_prefix" >"$b/nokey.log" 2>&1; then
	fail "SCHEMES without KEY/CERT configured"
else
	expect_match "SCHEMES without KEY/CERT refused at configure time" "$b/nokey.log" 'signing needs both KEY and CERT'
fi

# ---------------------------------------------------------------- cross
# Only libbpf's arch-independent bpf/*.h, without the rest of /usr/include.
mkdir -p "$b/bpf-headers" && ln -sfn /usr/include/bpf "$b/bpf-headers/bpf"
# cross_one NAME BOARD TOOLCHAIN GNU-TRIPLE QEMU FILE-REGEX BITS SKELGEN-ARG
# (SKELGEN-ARG empty: the package must find skelgen on PATH, as after install-tools)
cross_one() {
	local name=$1 board=$2 tc=$3 triple=$4 qemu=$5 filere=$6 bits=$7 sg=$8 stage=$b/stage-$1 h
	if ! command -v "$triple-gcc" >/dev/null || ! command -v "$qemu" >/dev/null ||
		[ ! -f "/usr/$triple/include/linux/bpf.h" ]; then
		fail "$name: $triple-gcc, $qemu or /usr/$triple/include missing (scripts/install-deps.sh cross)"
		return
	fi
	run_logged "$b/install-$name.log" make -C "$src" BOARD="$board" install-lib DESTDIR="$stage" PREFIX=/usr ||
		{ fail "$name: make BOARD=$board install-lib"; return; }
	# The target package from the staging dir only (CMAKE_FIND_ROOT_PATH), skelgen from the host.
	PATH=$host_prefix/bin:$PATH configure_build "$name" -DCMAKE_TOOLCHAIN_FILE="$host_prefix/share/tinyskel/cmake/$tc" \
		-DCMAKE_FIND_ROOT_PATH="$stage" -DCMAKE_PREFIX_PATH=/usr ${sg:+"-DTINYSKEL_SKELGEN=$sg"} \
		-DTINYSKEL_BPF_INCLUDE_DIRS="/usr/$triple/include;$b/bpf-headers" || { fail "$name: configure/build"; return; }
	grep -q "^TINYSKEL_SKELGEN:FILEPATH=$skelgen\$" "$b/$name/CMakeCache.txt" && ok "$name: skelgen $([ -n "$sg" ] && echo "from -DTINYSKEL_SKELGEN" || echo "found on PATH")" ||
		fail "$name: TINYSKEL_SKELGEN is not $skelgen: $(grep '^TINYSKEL_SKELGEN' "$b/$name/CMakeCache.txt")"
	file -b "$b/$name/tapp" >"$b/$name.file"
	expect_match "$name: static $name binary" "$b/$name.file" "$filere.*statically linked"
	check_info "$name" "$bits" "$qemu"
	# Every header the BPF object read: the target's or libbpf's, none of the host's.
	h=$(sed -e 's/\\$//' -e 's/^[^:]*://' "$b/$name/tinyskel/count_plain/count_plain.bpf.o.d" | tr ' ' '\n' | grep . | grep -v "^$proj/")
	if echo "$h" | grep -qvE "^(/usr/$triple/include/|$b/bpf-headers/)"; then
		fail "$name: the BPF object read headers from outside the target's dirs:"; echo "$h" | grep -vE "^(/usr/$triple/include/|$b/bpf-headers/)"
	else
		ok "$name: the BPF object read $(echo "$h" | wc -l) headers, all from /usr/$triple/include or libbpf's"
	fi
	for s in count_signed count_plain; do
		# Line 2 names the object's path (which differs per build dir); the rest must not differ.
		if cmp -s <(sed 2d "$b/$name/tinyskel/$s/$s.lskel.h") <(sed 2d "$b/host/tinyskel/$s/$s.lskel.h"); then
			ok "$name: $s.lskel.h identical to the host build's"
		else
			fail "$name: $s.lskel.h differs from the host build's:"
			diff <(sed 2d "$b/$name/tinyskel/$s/$s.lskel.h") <(sed 2d "$b/host/tinyskel/$s/$s.lskel.h") | head -n 6
		fi
	done
}
cross_one aarch64 qemu-arm64 aarch64-linux-musl.cmake aarch64-linux-gnu qemu-aarch64-static 'ELF 64-bit LSB .*ARM aarch64' 64 ''
cross_one armv7 qemu-armv7 armv7-linux-musleabihf.cmake arm-linux-gnueabihf qemu-arm-static 'ELF 32-bit LSB .*ARM, EABI5' 32 "$skelgen"

# ---------------------------------------------------------------- wrong CPU
# The aarch64 package offered to a native (x86-64) configure: refused by the version file.
if [ -d "$b/stage-aarch64/usr/lib/cmake/tinyskel" ]; then
	if cmake -S "$proj" -B "$b/wrong-cpu" -DCMAKE_PREFIX_PATH="$b/stage-aarch64/usr" >"$b/wrong-cpu.log" 2>&1; then
		fail "wrong CPU: a native configure accepted the aarch64 package"
	else
		expect_match "wrong CPU: the aarch64 package is refused, naming its CPU" "$b/wrong-cpu.log" 'version: [0-9.]+ \(aarch64\)'
	fi
fi

[ $fails = 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "cmake integration: host, aarch64, armv7 passed"
