# package.mk - OpenWrt's BuildPackage flow, reduced to what the test runs:
# `make compile` = Build/Prepare, Build/Configure, Build/Compile, then
# Build/InstallDev into $(STAGING_DIR) and Package/<name>/install into
# $(PKG_BUILD_DIR)/ipkg-<name> (the .ipk's contents); `make dump-config`
# prints Package/<name>/config for kconfig.
PKG_BUILD_DIR ?= $(BUILD_DIR)/$(PKG_NAME)$(if $(PKG_VERSION),-$(PKG_VERSION))
define BuildPackage
compile: $(PKG_BUILD_DIR)/.built
$(PKG_BUILD_DIR)/.built:
	$$(Build/Prepare)
	$$(Build/Configure)
	$$(Build/Compile)
	$$(call Build/InstallDev,$(STAGING_DIR))
	$$(if $$(Package/$(1)/install),mkdir -p $(PKG_BUILD_DIR)/ipkg-$(1))
	$$(call Package/$(1)/install,$(PKG_BUILD_DIR)/ipkg-$(1))
	touch $$@
dump-config:
	$$(info config PACKAGE_$(1))$$(info $$(space)bool "$(1)")$$(info $$(Package/$(1)/config))@:
endef
space := $(subst x,,x )
