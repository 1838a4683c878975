# cmake -DCMAKE_TOOLCHAIN_FILE=.../armv7-linux-musleabihf.cmake: static musl
# armv7-a hard-float with Debian's gcc-arm-linux-gnueabihf and musl-dev:armhf.
set(CMAKE_SYSTEM_PROCESSOR armv7-a)
set(TINYSKEL_GNU_TRIPLE arm-linux-gnueabihf)
set(TINYSKEL_MUSL_TRIPLE arm-linux-musleabihf)
include(${CMAKE_CURRENT_LIST_DIR}/debian-musl-cross.cmake)
