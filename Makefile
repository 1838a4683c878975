# tinyskel - sign and load BPF light skeletons on small Linux devices.
#
#   make                      runtime, skelgen, examples (for BOARD, default: .config or host)
#   make check                install what is missing, build, run every test
#   make demo                 build the example signed, load it here, show it counting
#   make menuconfig           edit .config (kconfig-frontends)
#   make NAME_defconfig       .config from boards/NAME/defconfig
#   make BOARD=NAME [target]  build for a board into build/NAME/ with its own config
#   make install PREFIX=/usr/local DESTDIR=
#   make clean
#
# skelgen always runs on the build host and lives in build/tools/.

SHELL := /bin/bash
TOP := $(abspath .)
.DEFAULT_GOAL := all

# ---------------------------------------------------------------- configuration
ifdef BOARD
O ?= build/$(BOARD)
CONFIG := $(O)/.config
# Rewritten when the board's defconfig changes (edit that, not build/NAME/.config).
$(CONFIG): $(wildcard boards/$(BOARD)/defconfig)
	@test -f boards/$(BOARD)/defconfig || { echo "no board '$(BOARD)' (see boards/)"; exit 1; }
	@mkdir -p $(O)
	KCONFIG_CONFIG=$@ kconfig-conf --defconfig=boards/$(BOARD)/defconfig Kconfig >/dev/null
else
CONFIG := .config
$(CONFIG):
	KCONFIG_CONFIG=$@ kconfig-conf --defconfig=boards/host/defconfig Kconfig >/dev/null
endif

-include $(CONFIG)
# Strip the quotes kconfig puts around a string (which may hold several words).
unquote = $(patsubst "%,%,$(patsubst %",%,$(1)))
BOARD_NAME := $(or $(call unquote,$(CONFIG_BOARD_NAME)),host)
O ?= build/$(BOARD_NAME)

CROSS := $(call unquote,$(CONFIG_CROSS_COMPILE))
TARGET_CFLAGS := $(call unquote,$(CONFIG_TARGET_CFLAGS))
QEMU_USER := $(call unquote,$(CONFIG_QEMU_USER))

# ---------------------------------------------------------------- toolchains
HOSTCC ?= gcc
CLANG ?= clang
WARN := -Wall -Wextra -Werror
CSTD := -std=c11
OPT ?= -O2 -g

# Target C compiler: musl where configured.  Debian's musl-gcc wraps the
# host gcc; for ARM we point the cross gcc at the multiarch musl sysroot.
MULTIARCH_aarch64-linux-gnu- := aarch64-linux-musl
MULTIARCH_arm-linux-gnueabihf- := arm-linux-musleabihf
ifeq ($(CONFIG_LIBC_MUSL),y)
ifeq ($(CROSS),)
TCC := musl-gcc
else
MUSL_TRIPLE := $(MULTIARCH_$(CROSS))
MUSL_LIB := /usr/lib/$(MUSL_TRIPLE)
TCC := $(CROSS)gcc -nostdinc -isystem /usr/include/$(MUSL_TRIPLE) \
	-isystem $(shell $(CROSS)gcc -print-file-name=include) \
	-nostdlib -L$(MUSL_LIB) -B$(MUSL_LIB)
TLDLIBS_MUSL := $(MUSL_LIB)/crt1.o $(MUSL_LIB)/crti.o \
	-Wl,--start-group -lc -lgcc -Wl,--end-group $(MUSL_LIB)/crtn.o
endif
else
TCC := $(CROSS)gcc
endif
TAR := $(CROSS)ar
TSTRIP := $(CROSS)strip
TSIZE := $(CROSS)size
# Unused runtime functions (an attach kind the app never uses) drop out.
TLDFLAGS := $(if $(filter y,$(CONFIG_STATIC)),-static) -Wl,--gc-sections

CONFIG_H := $(O)/include/tinyskel_config.h
# The runtime: small, and nothing unwinds through it (no .eh_frame).
RUNTIME_CFLAGS := -Os -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -fno-unwind-tables
TCFLAGS := $(CSTD) $(WARN) $(OPT) $(TARGET_CFLAGS) -Iinclude -include $(CONFIG_H)

# ---------------------------------------------------------------- outputs
TOOLS := build/tools
SKELGEN := $(TOOLS)/bin/skelgen
LIB := $(O)/libtinyskel.a

RUNTIME_SRCS := $(wildcard runtime/*.c)
RUNTIME_OBJS := $(RUNTIME_SRCS:%.c=$(O)/%.o)
RUNTIME_CORE_OBJS := $(filter-out $(O)/runtime/sys.o,$(RUNTIME_OBJS))

SKELGEN_SRCS := $(wildcard skelgen/*.c)
SKELGEN_LIB_OBJS := $(patsubst %.c,$(TOOLS)/%.o,$(filter-out skelgen/main.c,$(SKELGEN_SRCS)))
SKELGEN_LDLIBS := -lbpf -lelf -lz -lbearssl

EXAMPLES := $(notdir $(wildcard examples/*))
EXAMPLE_BINS := $(foreach e,$(EXAMPLES),$(O)/examples/$(e)/$(e))

.PHONY: all lib skelgen examples check demo clean install menuconfig olddefconfig \
	savedefconfig deps deps-cross bench bench-after size
all: lib skelgen examples

lib: $(LIB)
skelgen: $(SKELGEN)
examples: $(EXAMPLE_BINS)

deps:
	@bash scripts/install-deps.sh host
deps-cross:
	@bash scripts/install-deps.sh cross

# ---------------------------------------------------------------- kconfig
$(CONFIG_H): $(CONFIG) scripts/kconfig-header.sh
	@mkdir -p $(dir $@)
	bash scripts/kconfig-header.sh $(CONFIG) > $@.tmp && mv $@.tmp $@

menuconfig:
	KCONFIG_CONFIG=$(CONFIG) kconfig-mconf Kconfig
olddefconfig: $(CONFIG)
	KCONFIG_CONFIG=$(CONFIG) kconfig-conf --olddefconfig Kconfig
savedefconfig:
	KCONFIG_CONFIG=$(CONFIG) kconfig-conf --savedefconfig=defconfig Kconfig
%_defconfig:
	@test -f boards/$*/defconfig || { echo "no board '$*' (see boards/)"; exit 1; }
	KCONFIG_CONFIG=.config kconfig-conf --defconfig=boards/$*/defconfig Kconfig

# ---------------------------------------------------------------- runtime
$(O)/runtime/%.o: runtime/%.c $(wildcard runtime/*.h) include/tinyskel.h include/tinyskel_uapi.h $(CONFIG_H)
	@mkdir -p $(dir $@)
	$(TCC) $(TCFLAGS) $(RUNTIME_CFLAGS) -c $< -o $@

$(LIB): $(RUNTIME_OBJS)
	rm -f $@ && $(TAR) rcs $@ $^

# ---------------------------------------------------------------- skelgen (host)
$(TOOLS)/skelgen/%.o: skelgen/%.c $(wildcard skelgen/*.h) include/tinyskel.h
	@mkdir -p $(dir $@)
	$(HOSTCC) $(CSTD) $(WARN) $(OPT) -Iinclude -Iskelgen -c $< -o $@

$(SKELGEN): $(TOOLS)/skelgen/main.o $(SKELGEN_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(HOSTCC) -o $@ $^ $(SKELGEN_LDLIBS)

# ---------------------------------------------------------------- examples
# examples/NAME/NAME.bpf.c + examples/NAME/NAME.c -> $(O)/examples/NAME/NAME
include tinyskel.mk
TINYSKEL_BPF_CFLAGS += -Iexamples/include

define example_rules
$(O)/examples/$(1)/$(1).bpf.o: examples/$(1)/$(1).bpf.c $(wildcard examples/include/*.h)
	@mkdir -p $$(dir $$@)
	$(TINYSKEL_CLANG) $(TINYSKEL_BPF_CFLAGS) -c $$< -o $$@
$(O)/examples/$(1)/$(1).lskel.h: $(O)/examples/$(1)/$(1).bpf.o $(SKELGEN)
	$(SKELGEN) $(TINYSKEL_SKELGEN_FLAGS) -o $$@ $$<
$(O)/examples/$(1)/$(1): examples/$(1)/$(1).c $(O)/examples/$(1)/$(1).lskel.h $(LIB)
	$(TCC) $(TCFLAGS) -I$(O)/examples/$(1) -Iexamples/include $(TLDFLAGS) -o $$@ $$< $(LIB) $(TLDLIBS_MUSL)
endef
$(foreach e,$(EXAMPLES),$(eval $(call example_rules,$(e))))

# ---------------------------------------------------------------- size report
# make [BOARD=NAME] size: the runtime's sections, each example split into
# runtime/app/libc (from link maps, as built and with --gc-sections) and the
# blob bytes of its header; also written to $(O)/size/report.txt.
SIZE_DIR := $(O)/size
size: all
	@mkdir -p $(SIZE_DIR)
	@set -e; $(foreach e,$(EXAMPLES),for gc in "" .gc; do \
		$(TCC) $(TCFLAGS) -I$(O)/examples/$(e) -Iexamples/include $(TLDFLAGS) \
			$${gc:+-Wl,--gc-sections} -Wl,-Map=$(SIZE_DIR)/$(e)$$gc.map -o $(SIZE_DIR)/$(e)$$gc \
			examples/$(e)/$(e).c $(LIB) $(TLDLIBS_MUSL); done;)
	@CROSS_COMPILE=$(CROSS) bash scripts/size-report.sh $(BOARD_NAME) $(O) $(EXAMPLES) | tee $(SIZE_DIR)/report.txt

# ---------------------------------------------------------------- tests
include tests/tests.mk

# ---------------------------------------------------------------- demo, bench, install
demo: deps all
	bash scripts/demo.sh $(O) $(SKELGEN)

bench: deps all
	bash bench/run.sh $(O)

# The after-load helpers alone (ring buffer vs libbpf, bytes per feature);
# also the last part of `make bench`.
bench-after: deps all
	bash bench/after.sh $(O)

PREFIX ?= /usr/local
DESTDIR ?=
install: all
	install -d $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig \
		$(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/tinyskel
	install -m 644 include/tinyskel.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 $(LIB) $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(SKELGEN) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 tinyskel.mk $(DESTDIR)$(PREFIX)/share/tinyskel/
	sed 's|@PREFIX@|$(PREFIX)|' scripts/tinyskel.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/tinyskel.pc

clean:
	rm -rf build

# ---------------------------------------------------------------- fuzzing (fuzz/fuzz.mk: make fuzz, make fuzz-build)
include fuzz/fuzz.mk
