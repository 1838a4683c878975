include $(sort $(wildcard $(BR2_EXTERNAL_TINYSKEL_PATH)/package/*/*.mk))
