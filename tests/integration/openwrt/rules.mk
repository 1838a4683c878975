# rules.mk - the part of OpenWrt's rules.mk that tinyskel's package and the
# test's app package use (tests/integration/openwrt.sh builds a fake TOPDIR
# around these files; OpenWrt itself needs downloads).  Variable names and
# layout as OpenWrt's; values for an aarch64 musl target.
-include $(TOPDIR)/.config
INCLUDE_DIR := $(TOPDIR)/include
ARCH := aarch64
BOARD_SUFFIX := aarch64_cortex-a53_musl
BUILD_DIR := $(TOPDIR)/build_dir/target-$(BOARD_SUFFIX)
BUILD_DIR_HOST := $(TOPDIR)/build_dir/host
STAGING_DIR := $(TOPDIR)/staging_dir/target-$(BOARD_SUFFIX)
STAGING_DIR_HOST := $(TOPDIR)/staging_dir/host
STAGING_DIR_HOSTPKG := $(TOPDIR)/staging_dir/hostpkg
TOOLCHAIN_DIR := $(TOPDIR)/staging_dir/toolchain-aarch64_cortex-a53_gcc-12_musl
TARGET_CROSS := $(TOOLCHAIN_DIR)/bin/aarch64-openwrt-linux-musl-
TARGET_CC := $(TARGET_CROSS)gcc
TARGET_AR := $(TARGET_CROSS)ar
TARGET_RANLIB := $(TARGET_CROSS)ranlib
# OpenWrt's defaults minus -fhonour-copts (an option of OpenWrt's patched gcc only).
TARGET_CFLAGS := -Os -pipe -mcpu=cortex-a53 -fno-caller-saves -fno-plt -Wformat -Werror=format-security \
	-fstack-protector -D_FORTIFY_SOURCE=1 -Wl,-z,now -Wl,-z,relro
TARGET_LDFLAGS := -L$(STAGING_DIR)/usr/lib -znow -zrelro
TARGET_CONFIGURE_OPTS = AR="$(TARGET_AR)" AS="$(TARGET_CC) -c" LD="$(TARGET_CROSS)ld" \
	CC="$(TARGET_CC)" GCC="$(TARGET_CC)" RANLIB="$(TARGET_RANLIB)" STRIP="$(TARGET_CROSS)strip"
HOSTCC := gcc
HOST_CFLAGS := -O2 -I$(STAGING_DIR_HOST)/include
HOST_LDFLAGS := -L$(STAGING_DIR_HOST)/lib
INSTALL_DIR := install -d -m0755
INSTALL_BIN := install -m0755
qstrip = $(strip $(subst ",,$(1)))
