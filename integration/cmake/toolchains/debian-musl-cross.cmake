# Shared part of the example toolchain files: Debian's cross gcc pointed at
# the multiarch musl of musl-dev:<arch> (/usr/include/<musl triple>,
# /usr/lib/<musl triple>), the same way tinyskel's Makefile builds the ARM
# boards, giving static musl binaries.  Set before including:
#   TINYSKEL_GNU_TRIPLE   e.g. aarch64-linux-gnu (the cross gcc's prefix)
#   TINYSKEL_MUSL_TRIPLE  e.g. aarch64-linux-musl
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_C_COMPILER ${TINYSKEL_GNU_TRIPLE}-gcc)

execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=include
	OUTPUT_VARIABLE _gcc_inc OUTPUT_STRIP_TRAILING_WHITESPACE)
set(_musl /usr/lib/${TINYSKEL_MUSL_TRIPLE})
# glibc's headers and start files of the cross toolchain must not be used:
# only musl's and gcc's own (stddef.h, arm_neon.h).
set(CMAKE_C_FLAGS_INIT "-nostdinc -isystem /usr/include/${TINYSKEL_MUSL_TRIPLE} -isystem ${_gcc_inc}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -nostdlib -L${_musl} -B${_musl} ${_musl}/crt1.o ${_musl}/crti.o")
# After the objects and libraries: libc, libgcc, then the _init/_fini epilogue.
set(CMAKE_C_STANDARD_LIBRARIES "-Wl,--start-group -lc -lgcc -Wl,--end-group ${_musl}/crtn.o")

# Programs (clang, skelgen) come from the build host; libraries, headers and
# packages (tinyskelConfig.cmake) only from CMAKE_FIND_ROOT_PATH when one is
# given (-DCMAKE_FIND_ROOT_PATH=<staging dir>, as a sysroot).
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# The target's kernel UAPI headers for .bpf.c files (linux-libc-dev-<arch>-cross
# installs them here), never the build host's /usr/include.  Add a directory
# holding libbpf's bpf/*.h if the BPF sources include <bpf/bpf_helpers.h>.
set(TINYSKEL_BPF_INCLUDE_DIRS "/usr/${TINYSKEL_GNU_TRIPLE}/include" CACHE STRING
	"target kernel UAPI and libbpf header dirs for .bpf.c (;-list)")
unset(_gcc_inc)
unset(_musl)
