# host-build.mk - OpenWrt's HostBuild flow, reduced: `make host-install` =
# Host/Prepare, Host/Compile, Host/Install (into $(STAGING_DIR_HOSTPKG)).
HOST_BUILD_DIR ?= $(BUILD_DIR_HOST)/$(PKG_NAME)$(if $(PKG_VERSION),-$(PKG_VERSION))
define HostBuild
host-install: $(HOST_BUILD_DIR)/.host_installed
$(HOST_BUILD_DIR)/.host_installed:
	$$(Host/Prepare)
	$$(Host/Compile)
	$$(Host/Install)
	touch $$@
endef
