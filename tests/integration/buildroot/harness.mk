# harness.mk - just enough of Buildroot's package infrastructure to run
# integration/buildroot/package/tinyskel/tinyskel.mk's own commands, unedited
# (tests/integration/buildroot.sh).  Buildroot itself is not here: it needs
# downloads.  What is emulated, as Buildroot defines it:
#   - the .config (BR2_* from the real Config.in, through kconfig-conf),
#   - qstrip, sep, pkgname from the .mk's directory,
#   - generic-package / host-generic-package: per package one rule that
#     copies the local source into $(BUILD_DIR)/<pkg> (SITE_METHOD=local)
#     and runs <PKG>_CONFIGURE_CMDS, _BUILD_CMDS, _INSTALL_STAGING_CMDS
#     (if _INSTALL_STAGING = YES), _INSTALL_TARGET_CMDS (unless _INSTALL_TARGET
#     = NO) or, for host packages, HOST_<PKG>_BUILD_CMDS and _INSTALL_CMDS,
#     after the packages in <PKG>_DEPENDENCIES,
#   - TARGET_CONFIGURE_OPTS, TARGET_MAKE_ENV, HOST_MAKE_ENV, TARGET_CC, ...
# Inputs (make variables): BR_CONFIG, OUT, BR2_EXTERNAL_TINYSKEL_PATH,
# TOOLCHAIN_PREFIX, TEST_PACKAGES (.mk files of packages using the helper), TAPP_SRC.
include $(BR_CONFIG)

BUILD_DIR = $(OUT)/build
HOST_DIR = $(OUT)/host
STAGING_DIR = $(HOST_DIR)/$(TOOLCHAIN_PREFIX)/sysroot
TARGET_DIR = $(OUT)/target

qstrip = $(strip $(subst ",,$(1)))
define sep


endef
UPPERCASE = $(shell echo $(1) | tr a-z- A-Z_)

TARGET_CROSS = $(HOST_DIR)/bin/$(TOOLCHAIN_PREFIX)-
TARGET_CC = $(TARGET_CROSS)gcc
TARGET_AR = $(TARGET_CROSS)ar
TARGET_RANLIB = $(TARGET_CROSS)ranlib
TARGET_STRIP = $(TARGET_CROSS)strip
TARGET_READELF = $(TARGET_CROSS)readelf
# Buildroot's defaults for a static, -Os build with largefile.
TARGET_CPPFLAGS = -D_LARGEFILE_SOURCE -D_LARGEFILE64_SOURCE -D_FILE_OFFSET_BITS=64
TARGET_CFLAGS = $(TARGET_CPPFLAGS) -Os -g0 -D_FORTIFY_SOURCE=1
TARGET_LDFLAGS = -static
BR_PATH = $(HOST_DIR)/bin:$(HOST_DIR)/sbin:$(PATH)
TARGET_MAKE_ENV = PATH=$(BR_PATH)
TARGET_CONFIGURE_OPTS = $(TARGET_MAKE_ENV) AR="$(TARGET_AR)" CC="$(TARGET_CC)" GCC="$(TARGET_CC)" \
	RANLIB="$(TARGET_RANLIB)" READELF="$(TARGET_READELF)" STRIP="$(TARGET_STRIP)" \
	CC_FOR_BUILD="$(HOSTCC)" CPPFLAGS="$(TARGET_CPPFLAGS)" CFLAGS="$(TARGET_CFLAGS)" \
	LDFLAGS="$(TARGET_LDFLAGS)" STAGING_DIR="$(STAGING_DIR)"
HOSTCC = gcc
HOST_CFLAGS = -O2 -I$(HOST_DIR)/include
HOST_LDFLAGS = -L$(HOST_DIR)/lib -Wl,-rpath,$(HOST_DIR)/lib
HOST_MAKE_ENV = PATH=$(BR_PATH)

pkgdir = $(dir $(lastword $(MAKEFILE_LIST)))
pkgname = $(lastword $(subst /, ,$(pkgdir)))

# $(1) package (tinyskel / host-tinyskel), $(2) variable prefix, $(3) source-name prefix.
define pkg_rule
$(BUILD_DIR)/$(1)/.stamp_installed: $$(foreach d,$$(filter-out $(HARNESS_SKIP),$$($(2)_DEPENDENCIES)),$(BUILD_DIR)/$$(d)/.stamp_installed)
	rm -rf $$(@D) && mkdir -p $$(@D)
	tar -C $$($(3)_SITE) --exclude=./build --exclude=./.git --exclude=./.config -cf - . | tar -C $$(@D) -xf -
	$$($(2)_CONFIGURE_CMDS)
	$$($(2)_BUILD_CMDS)
	$$(if $$(filter YES,$$($(2)_INSTALL_STAGING)),$$($(2)_INSTALL_STAGING_CMDS))
	$$(if $$(filter NO,$$($(2)_INSTALL_TARGET)),,$$($(2)_INSTALL_TARGET_CMDS))
	$$($(2)_INSTALL_CMDS)
	touch $$@
$(1): $(BUILD_DIR)/$(1)/.stamp_installed
endef
generic-package = $(call pkg_rule,$(pkgname),$(call UPPERCASE,$(pkgname)),$(call UPPERCASE,$(pkgname)))
host-generic-package = $(call pkg_rule,host-$(pkgname),HOST_$(call UPPERCASE,$(pkgname)),$(call UPPERCASE,$(pkgname)))

# Host packages not built here: the build host's clang and libraries stand
# in, and the test stages libbpf's headers under $(HOST_DIR)/include/bpf.
HARNESS_SKIP = host-clang host-libbpf host-elfutils host-zlib
TINYSKEL_BPF_CLANG = clang
INSTALL = install

include $(BR2_EXTERNAL_TINYSKEL_PATH)/external.mk
# The application package the test adds (as a user's own BR2_EXTERNAL would).
include $(TEST_PACKAGES)
