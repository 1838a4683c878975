# tinyskel - sign and load BPF light skeletons on small Linux devices.
#
#   make                      runtime, skelgen, examples (for BOARD, default: .config or host)
#   make check                install what is missing, build, run every test
#   make demo                 build the example signed, load it here, show it counting
#   make check-fresh          `make demo` as the first command on a fresh Debian 12 (chroot)
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
	bash scripts/mkconfig.sh boards/$(BOARD)/defconfig Kconfig > $@.tmp && mv $@.tmp $@
else
CONFIG := .config
# DEFCONFIG=FILE: a defconfig fragment (as boards/NAME/defconfig) for a fresh
# .config; firmware recipes write one from their own options.  mkconfig.sh
# is kconfig-conf --defconfig, or its awk stand-in where kconfig-frontends
# is not installed (most firmware build hosts).
DEFCONFIG ?= boards/host/defconfig
$(CONFIG):
	bash scripts/mkconfig.sh $(DEFCONFIG) Kconfig > $@.tmp && mv $@.tmp $@
endif

# make remakes an included file before any target runs, before `deps` could
# install kconfig-frontends: so the rules above must work without it
# (mkconfig.sh's awk stand-in).  On a fresh machine `make demo` or `make
# check` is the first command (tests/fresh/fresh.sh, `make check-fresh`).
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
# A firmware build system's own toolchain (Buildroot's TARGET_CONFIGURE_OPTS,
# OpenWrt's, Yocto's oe_runmake CC=...): `make CC=... AR=... CFLAGS=...` on
# the command line replaces the Kconfig toolchain for the target (its
# compiler already knows its libc and sysroot).  Only the command line: an
# exported CC in a developer's shell must not change a board build.
ifeq ($(origin CC),command line)
TCC := $(CC)
TLDLIBS_MUSL :=
endif
ifeq ($(origin AR),command line)
TAR := $(AR)
endif
TSTRIP := $(CROSS)strip
TSIZE := $(CROSS)size
# No --gc-sections: the archive is one function per object (musl's way), so
# a plain static link, as the README's pkg-config line does, pulls only what
# the app calls.  `make size` reports that link and one with --gc-sections.
TLDFLAGS := $(if $(filter y,$(CONFIG_STATIC)),-static)

CONFIG_H := $(O)/include/tinyskel_config.h
# The runtime: small, and nothing unwinds through it (no .eh_frame).
RUNTIME_CFLAGS := -Os -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -fno-unwind-tables
CMDLINE_CFLAGS := $(if $(filter command line,$(origin CFLAGS)),$(CFLAGS))
TCFLAGS := $(CSTD) $(WARN) $(OPT) $(TARGET_CFLAGS) $(CMDLINE_CFLAGS) -Iinclude -include $(CONFIG_H)

# ---------------------------------------------------------------- outputs
TOOLS := build/tools
SKELGEN := $(TOOLS)/bin/skelgen
LIB := $(O)/libtinyskel.a

# runtime/<family>/*.c, one function (or tight group) per file (ARCHITECTURE.md).
# runtime/sys/*.c is the syscall layer (one wrapper per file), replaced as a
# whole by the tests: RUNTIME_CORE_SRCS is everything else.  The archive keeps
# members by base name, so no two files in runtime/ may share one
# (tests/build/archive_granularity.sh).
RUNTIME_SRCS := $(wildcard runtime/*/*.c)
RUNTIME_CORE_SRCS := $(filter-out runtime/sys/%,$(RUNTIME_SRCS))
RUNTIME_OBJS := $(RUNTIME_SRCS:%.c=$(O)/%.o)
RUNTIME_CORE_OBJS := $(RUNTIME_CORE_SRCS:%.c=$(O)/%.o)

SKELGEN_SRCS := skelgen/main.c $(wildcard skelgen/*/*.c)
SKELGEN_LIB_OBJS := $(patsubst %.c,$(TOOLS)/%.o,$(filter-out skelgen/main.c,$(SKELGEN_SRCS)))
SKELGEN_LDLIBS := -lbpf -lelf -lz -lbearssl

EXAMPLES := $(notdir $(wildcard examples/*))
EXAMPLE_BINS := $(foreach e,$(EXAMPLES),$(O)/examples/$(e)/$(e))

.PHONY: all lib skelgen examples check demo clean install menuconfig olddefconfig \
	savedefconfig deps deps-cross deps-vm bench bench-after size check-fresh
all: lib skelgen examples

lib: $(LIB)
skelgen: $(SKELGEN)
examples: $(EXAMPLE_BINS)

deps:
	@bash scripts/install-deps.sh host
deps-cross:
	@bash scripts/install-deps.sh cross
deps-vm:
	@bash scripts/install-deps.sh vm

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
	bash scripts/mkconfig.sh boards/$*/defconfig Kconfig > .config.tmp && mv .config.tmp .config

# ---------------------------------------------------------------- runtime
$(O)/runtime/%.o: runtime/%.c $(wildcard runtime/*.h) include/tinyskel.h include/tinyskel_uapi.h $(CONFIG_H)
	@mkdir -p $(dir $@)
	$(TCC) $(TCFLAGS) $(RUNTIME_CFLAGS) -c $< -o $@

$(LIB): $(RUNTIME_OBJS)
	rm -f $@ && $(TAR) rcs $@ $^

# ---------------------------------------------------------------- skelgen (host)
$(TOOLS)/skelgen/%.o: skelgen/%.c $(wildcard skelgen/*/*.h skelgen/*/*.inc) include/tinyskel.h include/tinyskel_lskel.h
	@mkdir -p $(dir $@)
	$(HOSTCC) $(CSTD) $(WARN) $(OPT) -Iinclude -Iskelgen -c $< -o $@

$(SKELGEN): $(TOOLS)/skelgen/main.o $(SKELGEN_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(HOSTCC) -o $@ $^ $(SKELGEN_LDLIBS)

# ---------------------------------------------------------------- examples
# examples/NAME/NAME.bpf.c + examples/NAME/NAME.c -> $(O)/examples/NAME/NAME
include tinyskel.mk
TINYSKEL_BPF_CFLAGS += -Iexamples/include

# Recipe variables are $$-escaped: expanded when the recipe runs, after
# `deps` has installed gcc (TINYSKEL_BPF_CFLAGS asks it for the multiarch
# include dir), not when make reads this file on a fresh machine.
define example_rules
$(O)/examples/$(1)/$(1).bpf.o: examples/$(1)/$(1).bpf.c $(wildcard examples/include/*.h)
	@mkdir -p $$(dir $$@)
	$$(TINYSKEL_CLANG) $$(TINYSKEL_BPF_CFLAGS) -c $$< -o $$@
$(O)/examples/$(1)/$(1).lskel.h: $(O)/examples/$(1)/$(1).bpf.o $(SKELGEN)
	$$(SKELGEN) $$(TINYSKEL_SKELGEN_FLAGS) -o $$@ $$<
$(O)/examples/$(1)/$(1): examples/$(1)/$(1).c $(O)/examples/$(1)/$(1).lskel.h $(LIB)
	$(TCC) $(TCFLAGS) -I$(O)/examples/$(1) -Iexamples/include $(TLDFLAGS) -o $$@ $$< $(LIB) $(TLDLIBS_MUSL)
endef
$(foreach e,$(EXAMPLES),$(eval $(call example_rules,$(e))))

# ---------------------------------------------------------------- the device's BPF guard
include guard/guard.mk

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

# The README's first command on a fresh Debian 12 (debootstrap + chroot of a
# clone of HEAD; slow, so not part of `make check`).
check-fresh:
	bash tests/fresh/fresh.sh

# The after-load helpers alone (ring buffer vs libbpf, bytes per feature);
# also the last part of `make bench`.
bench-after: deps all
	bash bench/after.sh $(O)

PREFIX ?= /usr/local
DESTDIR ?=
# What the installed library does with a header the kernel cannot verify,
# stated in tinyskel.pc and on the terminal: the host board allows unsigned.
INSTALL_POLICY := $(if $(CONFIG_POLICY_ALLOW_UNSIGNED),allow-unsigned,require-signed)$(if $(CONFIG_POLICY_LOCKED),-locked)
# install = install-lib (the target half: header, libtinyskel.a, pkg-config,
# CMake package; needs only the target compiler) + install-tools (the host
# half: skelgen, tinyskel.mk, CMake toolchain examples).  Firmware build
# systems call the two from their target and host packages.
.PHONY: install-lib install-tools
install: all install-lib install-tools

VERSION := $(shell sed -n 's/^\#define TINYSKEL_VERSION_M[AI][JN]OR* //p' include/tinyskel.h | paste -sd.)
# What CMake's version file compares with CMAKE_SYSTEM_PROCESSOR / CMAKE_SIZEOF_VOID_P.
LIB_MACHINE = $(firstword $(subst -, ,$(shell $(TCC) -dumpmachine)))
LIB_PTR_SIZE = $(shell echo | $(TCC) $(TARGET_CFLAGS) $(CMDLINE_CFLAGS) -dM -E - | sed -n 's/^\#define __SIZEOF_POINTER__ //p')
CMAKE_SUBST = sed -e 's|@VERSION@|$(VERSION)|' -e 's|@MACHINE@|$(LIB_MACHINE)|' \
	-e 's|@SIZEOF_POINTER@|$(LIB_PTR_SIZE)|' -e 's|@BOARD@|$(BOARD_NAME)|'
CMAKE_DIR := $(DESTDIR)$(PREFIX)/lib/cmake/tinyskel

install-lib: $(LIB)
	install -d $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig $(CMAKE_DIR)
	install -m 644 include/tinyskel.h include/tinyskel_lskel.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 $(LIB) $(DESTDIR)$(PREFIX)/lib/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' -e 's|@BOARD@|$(BOARD_NAME)|' \
		-e 's|@POLICY@|$(INSTALL_POLICY)|' scripts/tinyskel.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/tinyskel.pc
	$(CMAKE_SUBST) integration/cmake/tinyskelConfig.cmake.in > $(CMAKE_DIR)/tinyskelConfig.cmake
	$(CMAKE_SUBST) integration/cmake/tinyskelConfigVersion.cmake.in > $(CMAKE_DIR)/tinyskelConfigVersion.cmake
	install -m 644 integration/cmake/TinyskelSkeleton.cmake $(CMAKE_DIR)/
	@echo "installed libtinyskel.a of board $(BOARD_NAME): signature policy $(INSTALL_POLICY)"
	$(if $(filter allow-unsigned%,$(INSTALL_POLICY)),@echo "WARNING: this library loads UNSIGNED where the kernel cannot verify; for firmware: make BOARD=rpi4 install (or any board with CONFIG_POLICY_REQUIRE_SIGNED and CONFIG_POLICY_LOCKED)")

install-tools: $(SKELGEN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/tinyskel/cmake
	install -m 755 $(SKELGEN) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 tinyskel.mk $(DESTDIR)$(PREFIX)/share/tinyskel/
	install -m 644 integration/cmake/toolchains/*.cmake $(DESTDIR)$(PREFIX)/share/tinyskel/cmake/

clean:
	rm -rf build

# ---------------------------------------------------------------- fuzzing (fuzz/fuzz.mk: make fuzz, make fuzz-build)
include fuzz/fuzz.mk
