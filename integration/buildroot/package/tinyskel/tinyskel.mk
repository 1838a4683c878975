################################################################################
#
# tinyskel
#
################################################################################

TINYSKEL_VERSION = 0.1
# This BR2_EXTERNAL tree lives in tinyskel's own repository: build that checkout.
TINYSKEL_SITE = $(BR2_EXTERNAL_TINYSKEL_PATH)/../..
TINYSKEL_SITE_METHOD = local
TINYSKEL_LICENSE = LGPL-2.1 or BSD-2-Clause
# A static library and its header: staging only, and no dependencies at all.
TINYSKEL_INSTALL_STAGING = YES
TINYSKEL_INSTALL_TARGET = NO
# skelgen's libraries on the build host (BearSSL: the build host's own).
HOST_TINYSKEL_DEPENDENCIES = host-libbpf host-elfutils host-zlib

# BR2_PACKAGE_TINYSKEL_<SYM> -> tinyskel's CONFIG_<SYM> (the Kconfig choices).
TINYSKEL_KCONFIG_BOOLS = SCHEME_CHAIN SCHEME_LOADTIME SCHEME_INLOADER \
	POLICY_REQUIRE_SIGNED POLICY_ALLOW_UNSIGNED POLICY_LOCKED \
	KEYRING_BUILTIN KEYRING_SECONDARY KEYRING_PLATFORM KEYRING_SESSION KEYRING_USER KEYRING_BPF KEYRING_GUARD KEYRING_CUSTOM \
	ERROR_STRINGS SEALED_GLOBALS PROBE_NONE

# A defconfig fragment; the Makefile completes it (scripts/mkconfig.sh works
# without kconfig-frontends).  Buildroot's toolchain is passed as CC/AR/CFLAGS,
# which replace tinyskel's own Kconfig toolchain.
define TINYSKEL_CONFIGURE_CMDS
	rm -f $(@D)/.config $(@D)/br2.defconfig
	$(foreach s,$(TINYSKEL_KCONFIG_BOOLS),\
		echo '$(if $(BR2_PACKAGE_TINYSKEL_$(s)),CONFIG_$(s)=y,# CONFIG_$(s) is not set)' >> $(@D)/br2.defconfig$(sep))
	$(if $(BR2_PACKAGE_TINYSKEL_KEYRING_CUSTOM),\
		echo 'CONFIG_KEYRING_CUSTOM_ID=$(BR2_PACKAGE_TINYSKEL_KEYRING_CUSTOM_ID)' >> $(@D)/br2.defconfig)
endef

TINYSKEL_MAKE_OPTS = $(TARGET_CONFIGURE_OPTS) DEFCONFIG=$(@D)/br2.defconfig PREFIX=/usr

define TINYSKEL_BUILD_CMDS
	$(TARGET_MAKE_ENV) $(MAKE) -C $(@D) $(TINYSKEL_MAKE_OPTS) lib
endef

define TINYSKEL_INSTALL_STAGING_CMDS
	$(TARGET_MAKE_ENV) $(MAKE) -C $(@D) $(TINYSKEL_MAKE_OPTS) DESTDIR=$(STAGING_DIR) install-lib
endef

# skelgen: the Makefile's skelgen rule has no HOST_CFLAGS hook, so the host
# package's include/library paths ride in HOSTCC.
HOST_TINYSKEL_MAKE_OPTS = HOSTCC="$(HOSTCC) $(HOST_CFLAGS) $(HOST_LDFLAGS)" PREFIX=$(HOST_DIR)

define HOST_TINYSKEL_BUILD_CMDS
	$(HOST_MAKE_ENV) $(MAKE) -C $(@D) $(HOST_TINYSKEL_MAKE_OPTS) skelgen
endef

define HOST_TINYSKEL_INSTALL_CMDS
	$(HOST_MAKE_ENV) $(MAKE) -C $(@D) $(HOST_TINYSKEL_MAKE_OPTS) install-tools
endef

$(eval $(generic-package))
$(eval $(host-generic-package))

################################################################################
# For other packages: foo.bpf.c -> foo.lskel.h, signed with the key configured
# in BR2_PACKAGE_HOST_TINYSKEL_SIGN_KEY/_CERT (never a file from a source tree).
#
#   FOO_DEPENDENCIES += tinyskel host-tinyskel host-clang
#   define FOO_BUILD_CMDS
#   	$(call TINYSKEL_SKELETON,$(@D)/foo.bpf.c,$(@D)/foo.lskel.h)
#   	$(TARGET_MAKE_ENV) $(MAKE) -C $(@D) $(TARGET_CONFIGURE_OPTS)
#   endef
#
# $(3): extra skelgen flags (e.g. --name foo); $(4) = unsigned: no signature
# even with a key configured (a debug skeleton).  Override TINYSKEL_BPF_CLANG /
# TINYSKEL_BPF_CFLAGS if clang or the BPF headers live elsewhere.  The BPF
# object sees only the target's headers (staging) and libbpf's bpf/*.h from
# host-libbpf, never the build host's /usr/include.
################################################################################
TINYSKEL_BPF_CLANG ?= $(HOST_DIR)/bin/clang
TINYSKEL_BPF_CFLAGS ?= -target $(if $(filter "BIG",$(BR2_ENDIAN)),bpfeb,bpfel) -O2 -g -D__TARGET_ARCH_$(TINYSKEL_BPF_ARCH) \
	-nostdinc -isystem $$($(TINYSKEL_BPF_CLANG) -print-resource-dir)/include \
	-I$(STAGING_DIR)/usr/include -idirafter $(HOST_DIR)/include
# bpf_tracing.h's __TARGET_ARCH_* spelling of BR2_ARCH.
TINYSKEL_BPF_ARCH = $(patsubst aarch64%,arm64,$(patsubst arm%,arm,$(patsubst riscv%,riscv,\
	$(patsubst x86_64,x86,$(patsubst i%86,x86,$(call qstrip,$(BR2_ARCH)))))))
TINYSKEL_SIGN_KEY = $(call qstrip,$(BR2_PACKAGE_HOST_TINYSKEL_SIGN_KEY))
TINYSKEL_SIGN_CERT = $(call qstrip,$(BR2_PACKAGE_HOST_TINYSKEL_SIGN_CERT))
TINYSKEL_SIGN_OPTS = $(if $(TINYSKEL_SIGN_KEY),-k $(TINYSKEL_SIGN_KEY) -i $(TINYSKEL_SIGN_CERT) \
	--scheme $(call qstrip,$(BR2_PACKAGE_HOST_TINYSKEL_SCHEMES)))

ifneq ($(TINYSKEL_SIGN_KEY)$(TINYSKEL_SIGN_CERT),)
ifneq ($(words $(filter /%,$(TINYSKEL_SIGN_KEY) $(TINYSKEL_SIGN_CERT))),2)
$(error BR2_PACKAGE_HOST_TINYSKEL_SIGN_KEY and _SIGN_CERT must both be set, as absolute paths outside any source tree)
endif
endif

define TINYSKEL_SKELETON
	$(TINYSKEL_BPF_CLANG) $(TINYSKEL_BPF_CFLAGS) -c $(1) -o $(patsubst %.lskel.h,%.bpf.o,$(2))
	$(HOST_DIR)/bin/skelgen $(if $(filter unsigned,$(4)),,$(TINYSKEL_SIGN_OPTS)) $(3) \
		-o $(2) $(patsubst %.lskel.h,%.bpf.o,$(2))
endef
