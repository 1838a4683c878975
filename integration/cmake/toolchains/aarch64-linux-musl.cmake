# cmake -DCMAKE_TOOLCHAIN_FILE=.../aarch64-linux-musl.cmake: static musl
# aarch64 with Debian's gcc-aarch64-linux-gnu and musl-dev:arm64.
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(TINYSKEL_GNU_TRIPLE aarch64-linux-gnu)
set(TINYSKEL_MUSL_TRIPLE aarch64-linux-musl)
include(${CMAKE_CURRENT_LIST_DIR}/debian-musl-cross.cmake)
