################################################################################
#
# tapp - an application package using TINYSKEL_SKELETON, as a user's own
# BR2_EXTERNAL would hold it (tests/integration/buildroot.sh).
#
################################################################################

TAPP_VERSION = 1
TAPP_SITE = $(TAPP_SRC)
TAPP_SITE_METHOD = local
TAPP_DEPENDENCIES = tinyskel host-tinyskel host-clang

define TAPP_BUILD_CMDS
	$(call TINYSKEL_SKELETON,$(@D)/count.bpf.c,$(@D)/count_signed.lskel.h,--name count_signed)
	$(call TINYSKEL_SKELETON,$(@D)/count.bpf.c,$(@D)/count_plain.lskel.h,--name count_plain,unsigned)
	$(TARGET_CC) $(TARGET_CFLAGS) $(TARGET_LDFLAGS) -Wall -Wextra -Werror -I$(@D) \
		-o $(@D)/tapp $(@D)/tapp.c -ltinyskel
endef

define TAPP_INSTALL_TARGET_CMDS
	$(INSTALL) -D -m 0755 $(@D)/tapp $(TARGET_DIR)/usr/bin/tapp
endef

$(eval $(generic-package))
