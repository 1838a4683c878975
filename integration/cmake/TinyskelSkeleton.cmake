# TinyskelSkeleton.cmake - tinyskel_add_skeleton(): foo.bpf.c -> foo.bpf.o
# (BPF clang) -> foo.lskel.h (skelgen, signed) at build time, included by a
# target that links tinyskel::tinyskel.
#
#   tinyskel_add_skeleton(TARGET app SOURCE foo.bpf.c
#       [NAME foo]                    skeleton name (default: SOURCE minus .bpf.c)
#       [SCHEMES chain loadtime ...]  schemes to sign for (default with a key: -S, chain loadtime inloader)
#       [KEY fw.key.pem CERT fw.crt.pem]
#       [KCONFIG kernel.config]       skelgen --kconfig (CONFIG_* externs)
#       [BPF_CFLAGS -DX=1 ...]        extra flags for this object
#       [SKELGEN_FLAGS ...])          extra skelgen flags
#
# Cache variables (set them with -D or in a toolchain file):
#   TINYSKEL_BPF_CLANG         clang used for the BPF target (a host program)
#   TINYSKEL_BPF_CFLAGS        default "-O2 -g"
#   TINYSKEL_BPF_INCLUDE_DIRS  kernel UAPI + libbpf headers *of the target*.
#                              Cross builds compile with -nostdinc and these
#                              only, so the build host's /usr/include (its
#                              asm/, its kernel's struct layouts) never leaks in.
#                              Default: CMAKE_SYSROOT/usr/include when cross,
#                              /usr/include/<multiarch> natively.
#   TINYSKEL_SIGN_KEY, TINYSKEL_SIGN_CERT
#                              key and certificate used when a call names none:
#                              firmware builds pass them from outside the
#                              source tree (-DTINYSKEL_SIGN_KEY=/secure/fw.key.pem).
#
# The host's page size never enters the header: skelgen does not use it and
# the runtime asks the device when it maps global data.  The BPF byte order
# and __TARGET_ARCH_* (bpf_tracing.h's PT_REGS_*) come from the target.
if(CMAKE_VERSION VERSION_LESS 3.20)   # add_custom_command(DEPFILE) with Makefiles
	message(FATAL_ERROR "tinyskel_add_skeleton needs CMake 3.20 or newer")
endif()

find_program(TINYSKEL_BPF_CLANG NAMES clang clang-16 clang-15 clang-14
	NO_CMAKE_FIND_ROOT_PATH DOC "clang for the BPF target (runs on the build host)")
set(TINYSKEL_BPF_CFLAGS "-O2 -g" CACHE STRING "flags for every .bpf.c")
set(TINYSKEL_BPF_INCLUDE_DIRS "" CACHE STRING "target kernel UAPI and libbpf header dirs for .bpf.c (;-list)")
set(TINYSKEL_SIGN_KEY "" CACHE FILEPATH "default private key for tinyskel_add_skeleton")
set(TINYSKEL_SIGN_CERT "" CACHE FILEPATH "default certificate for tinyskel_add_skeleton")

# The target's CPU as the kernel's bpf_tracing.h spells it.
function(_tinyskel_target_arch out)
	string(TOLOWER "${CMAKE_SYSTEM_PROCESSOR}" p)
	if(p MATCHES "^(aarch64|arm64)")
		set(a arm64)
	elseif(p MATCHES "^arm")
		set(a arm)
	elseif(p MATCHES "^(x86_64|amd64|i.86)$")
		set(a x86)
	elseif(p MATCHES "^riscv")
		set(a riscv)
	elseif(p MATCHES "^(ppc|powerpc)")
		set(a powerpc)
	elseif(p MATCHES "^mips")
		set(a mips)
	else()
		set(a "${p}")
	endif()
	set(${out} "${a}" PARENT_SCOPE)
endfunction()

# Flags common to every .bpf.c of this build, computed once.
function(_tinyskel_bpf_flags out)
	if(NOT TINYSKEL_BPF_CLANG)
		message(FATAL_ERROR "tinyskel: no clang for the BPF target; set TINYSKEL_BPF_CLANG")
	endif()
	if(CMAKE_C_BYTE_ORDER STREQUAL "BIG_ENDIAN" OR CMAKE_CXX_BYTE_ORDER STREQUAL "BIG_ENDIAN")
		set(flags -target bpfeb)   # skelgen refuses it with a clear message
	else()
		set(flags -target bpfel)   # never the build host's order
	endif()
	_tinyskel_target_arch(arch)
	list(APPEND flags "-D__TARGET_ARCH_${arch}")
	separate_arguments(user UNIX_COMMAND "${TINYSKEL_BPF_CFLAGS}")
	list(APPEND flags ${user})

	set(dirs ${TINYSKEL_BPF_INCLUDE_DIRS})
	if(CMAKE_CROSSCOMPILING)
		if(NOT dirs AND CMAKE_SYSROOT)
			set(dirs "${CMAKE_SYSROOT}/usr/include")
		endif()
		if(NOT dirs)
			message(FATAL_ERROR "tinyskel: cross build without TINYSKEL_BPF_INCLUDE_DIRS or "
				"CMAKE_SYSROOT: set TINYSKEL_BPF_INCLUDE_DIRS to the target's kernel UAPI "
				"(linux/, asm/) and libbpf (bpf/) header directories")
		endif()
		# clang -target bpf searches /usr/include by default: only its own
		# builtin headers (stddef.h, stdint.h) and the target's dirs stay.
		execute_process(COMMAND "${TINYSKEL_BPF_CLANG}" -print-resource-dir
			OUTPUT_VARIABLE res OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
		if(NOT rc EQUAL 0 OR NOT res)
			message(FATAL_ERROR "tinyskel: ${TINYSKEL_BPF_CLANG} -print-resource-dir failed")
		endif()
		list(APPEND flags -nostdinc -isystem "${res}/include")
	elseif(NOT dirs AND CMAKE_C_LIBRARY_ARCHITECTURE)
		# Native: the distribution's asm/ lives under its multiarch dir.
		set(dirs "/usr/include/${CMAKE_C_LIBRARY_ARCHITECTURE}")
	endif()
	foreach(d IN LISTS dirs)
		list(APPEND flags "-I${d}")
	endforeach()
	set(${out} "${flags}" PARENT_SCOPE)
endfunction()

function(tinyskel_add_skeleton)
	cmake_parse_arguments(PARSE_ARGV 0 A "" "TARGET;SOURCE;NAME;KEY;CERT;KCONFIG"
		"SCHEMES;BPF_CFLAGS;SKELGEN_FLAGS")
	if(A_UNPARSED_ARGUMENTS)
		message(FATAL_ERROR "tinyskel_add_skeleton: unknown arguments: ${A_UNPARSED_ARGUMENTS}")
	endif()
	if(NOT A_TARGET OR NOT TARGET "${A_TARGET}")
		message(FATAL_ERROR "tinyskel_add_skeleton: TARGET '${A_TARGET}' is not a target")
	endif()
	if(NOT A_SOURCE)
		message(FATAL_ERROR "tinyskel_add_skeleton: SOURCE foo.bpf.c is required")
	endif()
	if(NOT TINYSKEL_SKELGEN)
		message(FATAL_ERROR "tinyskel: skelgen not found (install the host tools, or set TINYSKEL_SKELGEN)")
	endif()
	get_filename_component(src "${A_SOURCE}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
	if(NOT A_NAME)
		get_filename_component(A_NAME "${src}" NAME)
		string(REGEX REPLACE "(\\.bpf)?\\.c$" "" A_NAME "${A_NAME}")
	endif()

	# Signing: the call's KEY/CERT, else the build's TINYSKEL_SIGN_KEY/CERT.
	if(NOT A_KEY)
		set(A_KEY "${TINYSKEL_SIGN_KEY}")
	endif()
	if(NOT A_CERT)
		set(A_CERT "${TINYSKEL_SIGN_CERT}")
	endif()
	set(sg_args)
	set(sg_deps)
	if(A_KEY OR A_CERT OR A_SCHEMES)
		if(NOT A_KEY OR NOT A_CERT)
			message(FATAL_ERROR "tinyskel_add_skeleton(${A_NAME}): signing needs both KEY and CERT "
				"(or TINYSKEL_SIGN_KEY/TINYSKEL_SIGN_CERT)")
		endif()
		get_filename_component(key "${A_KEY}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
		get_filename_component(cert "${A_CERT}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
		list(APPEND sg_args -k "${key}" -i "${cert}")
		list(APPEND sg_deps "${key}" "${cert}")
		if(A_SCHEMES)
			list(JOIN A_SCHEMES "," schemes)
			list(APPEND sg_args --scheme "${schemes}")
		else()
			list(APPEND sg_args -S)
		endif()
	endif()
	if(A_KCONFIG)
		get_filename_component(kc "${A_KCONFIG}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
		list(APPEND sg_args --kconfig "${kc}")
		list(APPEND sg_deps "${kc}")
	endif()
	list(APPEND sg_args ${A_SKELGEN_FLAGS})

	_tinyskel_bpf_flags(flags)
	set(dir "${CMAKE_CURRENT_BINARY_DIR}/tinyskel/${A_NAME}")
	set(obj "${dir}/${A_NAME}.bpf.o")
	set(hdr "${dir}/${A_NAME}.lskel.h")
	file(MAKE_DIRECTORY "${dir}")

	add_custom_command(OUTPUT "${obj}"
		COMMAND "${TINYSKEL_BPF_CLANG}" ${flags} ${A_BPF_CFLAGS} -MD -MF "${obj}.d" -c "${src}" -o "${obj}"
		DEPENDS "${src}"
		DEPFILE "${obj}.d"
		COMMENT "BPF ${A_NAME}.bpf.o"
		VERBATIM)
	add_custom_command(OUTPUT "${hdr}"
		COMMAND "${TINYSKEL_SKELGEN}" ${sg_args} --name "${A_NAME}" -o "${hdr}" "${obj}"
		DEPENDS "${obj}" "${TINYSKEL_SKELGEN}" ${sg_deps}
		COMMENT "skelgen ${A_NAME}.lskel.h"
		VERBATIM)
	# The header as a source of the target: generated before its C files compile.
	target_sources(${A_TARGET} PRIVATE "${hdr}")
	target_include_directories(${A_TARGET} PRIVATE "${dir}")
	target_link_libraries(${A_TARGET} PRIVATE tinyskel::tinyskel)
endfunction()
