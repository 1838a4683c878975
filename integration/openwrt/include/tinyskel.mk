# include/tinyskel.mk - sign the BPF objects include/bpf.mk makes.
#
#   include $(INCLUDE_DIR)/bpf.mk
#   include $(TOPDIR)/feeds/tinyskel/include/tinyskel.mk
#   PKG_BUILD_DEPENDS += tinyskel tinyskel/host
#   define Build/Compile
#   	$(call CompileBPF,$(PKG_BUILD_DIR)/foo.bpf.c)
#   	$(call TinyskelSkeleton,$(PKG_BUILD_DIR)/foo.bpf.o,$(PKG_BUILD_DIR)/foo.lskel.h,--name foo)
#   	$(TARGET_CC) $(TARGET_CFLAGS) $(TARGET_LDFLAGS) -o $(PKG_BUILD_DIR)/app $(PKG_BUILD_DIR)/app.c -ltinyskel
#   endef
#
# $(3): extra skelgen flags; $(4) = unsigned: no signature even with a key.
# The key comes from CONFIG_TINYSKEL_SIGN_KEY/_CERT (menuconfig, under
# libtinyskel) or TINYSKEL_SIGN_KEY/_CERT on the make command line, always as
# an absolute path: never a file of a package's source tree.
TINYSKEL_SKELGEN ?= $(STAGING_DIR_HOSTPKG)/bin/skelgen
TINYSKEL_SIGN_KEY ?= $(call qstrip,$(CONFIG_TINYSKEL_SIGN_KEY))
TINYSKEL_SIGN_CERT ?= $(call qstrip,$(CONFIG_TINYSKEL_SIGN_CERT))
TINYSKEL_DEFAULT_SCHEMES := chain,loadtime
TINYSKEL_SIGN_SCHEMES ?= $(or $(call qstrip,$(CONFIG_TINYSKEL_SIGN_SCHEMES)),$(TINYSKEL_DEFAULT_SCHEMES))

ifneq ($(TINYSKEL_SIGN_KEY)$(TINYSKEL_SIGN_CERT),)
ifneq ($(words $(filter /%,$(TINYSKEL_SIGN_KEY) $(TINYSKEL_SIGN_CERT))),2)
$(error TINYSKEL_SIGN_KEY and TINYSKEL_SIGN_CERT must both be set, as absolute paths outside any source tree)
endif
TINYSKEL_SIGN_OPTS = -k $(TINYSKEL_SIGN_KEY) -i $(TINYSKEL_SIGN_CERT) --scheme $(TINYSKEL_SIGN_SCHEMES)
endif

# Byte order: OpenWrt's bpf.mk compiles for bpfeb on big-endian targets
# (ath79, lantiq, realtek, bcm63xx: 32-bit big-endian MIPS) and bpfel
# elsewhere (ramips/mt7621 is little-endian mipsel); the header is written
# in the object's order and skelgen refuses an object of the other one.
# Big-endian needs skelgen built against libbpf >= 1.5 (the libbpf/host
# it links; an older one makes skelgen say so).
TINYSKEL_TARGET_ENDIAN ?= $(if $(CONFIG_BIG_ENDIAN),big,little)

define TinyskelSkeleton
	$(TINYSKEL_SKELGEN) --target-endian $(TINYSKEL_TARGET_ENDIAN) $(if $(filter unsigned,$(4)),,$(TINYSKEL_SIGN_OPTS)) $(3) -o $(2) $(1)
endef
