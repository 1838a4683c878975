# bpf.mk - in the shape of OpenWrt's include/bpf.mk (written for the test,
# not a copy): CompileBPF runs clang -emit-llvm for the BPF target with
# -nostdinc and the staged kernel/libbpf headers of $(BPF_HEADERS_DIR), then
# opt, llc and llvm-strip --strip-debug, as OpenWrt's does; foo.c -> foo.o.
BPF_DEPENDS := @HAS_BPF_TOOLCHAIN
CLANG := clang
LLVM_OPT := opt
LLVM_LLC := llc
LLVM_STRIP := llvm-strip
BPF_TARGET := bpfel
BPF_HEADERS_DIR := $(STAGING_DIR)/bpf-headers
BPF_CFLAGS := -nostdinc -isystem $(shell $(CLANG) -print-resource-dir)/include \
	-I$(BPF_HEADERS_DIR)/include/uapi -I$(BPF_HEADERS_DIR)/arch/arm64/include/uapi \
	-I$(BPF_HEADERS_DIR)/tools/lib -I$(PKG_BUILD_DIR) -D__TARGET_ARCH_arm64 -mlittle-endian -O2 -emit-llvm -Xclang -disable-llvm-passes
define CompileBPF
	$(CLANG) -g -target $(BPF_TARGET) $(BPF_CFLAGS) $(2) -c $(1) -o $(patsubst %.c,%.bc,$(1))
	$(LLVM_OPT) -O2 -mtriple=$(BPF_TARGET) < $(patsubst %.c,%.bc,$(1)) > $(patsubst %.c,%.opt,$(1))
	$(LLVM_LLC) -march=$(BPF_TARGET) -filetype=obj -o $(patsubst %.c,%.o,$(1)) < $(patsubst %.c,%.opt,$(1))
	$(LLVM_STRIP) --strip-debug $(patsubst %.c,%.o,$(1))
endef
