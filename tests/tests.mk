# tests/tests.mk - build and run the test layers (included by the Makefile).
#
#   unit/runtime_*.c   runtime against tests/unit/fake_sys.c (target compiler;
#                      run under qemu-user for cross boards), plain and ASan/UBSan
#   unit/skelgen_*.c   skelgen's pure parts (host)
#   model/*_test.c     runtime against a model of each kernel signing scheme (host)
#   oracle/*.sh        OpenSSL verifies what skelgen signs (host)
#   kernel/*.sh, *.c   the running kernel, for real (host, root)
#   cli/*.sh           skelgen's command line, bad inputs
#   integration/*.sh   the CMake/meson packages and the firmware recipes' own commands
#   build/*.sh         what the build configuration guarantees (policy floor)
T := $(O)/tests
TEST_ENV := TINYSKEL_SRC=$(TOP) SKELGEN=$(TOP)/$(SKELGEN) BUILD=$(TOP)/$(O) \
	SIGN_TOOL=$(TOP)/$(TOOLS)/tests/sign_tool QEMU_USER=$(QEMU_USER) TEST_LOGDIR=$(TOP)/$(T)/logs

SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
# The host board runs every layer; other boards (cross, or x86_64-musl) run
# the runtime unit tests and tests/board/*.sh (see the end of this file).
IS_HOST := $(if $(filter host,$(BOARD_NAME)),y)

RT_UNIT_SRCS := $(wildcard tests/unit/runtime_*.c)
RT_UNIT := $(RT_UNIT_SRCS:tests/unit/%.c=$(T)/unit/%)
RT_UNIT_SAN := $(if $(IS_HOST),$(RT_UNIT_SRCS:tests/unit/%.c=$(T)/unit-san/%))
SG_UNIT_SRCS := $(wildcard tests/unit/skelgen_*.c)
SG_UNIT := $(SG_UNIT_SRCS:tests/unit/%.c=$(TOOLS)/tests/%)
MODEL_SRCS := $(wildcard tests/model/*_test.c)
MODEL := $(MODEL_SRCS:tests/model/%.c=$(T)/model/%)
KERNEL_C_SRCS := $(wildcard tests/kernel/*_test.c)
KERNEL_C := $(KERNEL_C_SRCS:tests/kernel/%.c=$(T)/kernel/%)
SCRIPT_TESTS := $(wildcard tests/oracle/*.sh tests/kernel/*.sh tests/cli/*.sh tests/cross/*.sh tests/fuzz/*.sh \
	tests/integration/*.sh \
	tests/build/*.sh)

RT_TEST_DEPS := tests/unit/fake_sys.c tests/unit/fake_sys.h tests/unit/check.h \
	tests/unit/test_skel.h $(wildcard runtime/*.h) include/tinyskel.h include/tinyskel_uapi.h $(CONFIG_H)
RT_CORE_SRCS := $(RUNTIME_CORE_SRCS)

# The runtime unit tests drive unsigned loads through the fake kernel; on a
# board whose policy is locked (CONFIG_POLICY_LOCKED) they build with its
# configuration minus the lock, except runtime_opts, which tests the floor.
UNIT_CONFIG_H := $(O)/include/tinyskel_config_unlocked.h
$(UNIT_CONFIG_H): $(CONFIG_H)
	grep -v '^#define CONFIG_POLICY_LOCKED ' $< > $@
unit_cfg = $(if $(filter runtime_opts,$*),$(CONFIG_H),$(UNIT_CONFIG_H))

$(T)/unit/%: tests/unit/%.c $(RT_CORE_SRCS) $(RT_TEST_DEPS) $(UNIT_CONFIG_H)
	@mkdir -p $(dir $@)
	$(TCC) $(subst $(CONFIG_H),$(unit_cfg),$(TCFLAGS)) -Iruntime -Itests/unit $(TLDFLAGS) -o $@ $< tests/unit/fake_sys.c $(RT_CORE_SRCS) $(TLDLIBS_MUSL)

$(T)/unit-san/%: tests/unit/%.c $(RT_CORE_SRCS) $(RT_TEST_DEPS) $(UNIT_CONFIG_H)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(CSTD) $(WARN) -O1 -g $(SAN) -Iinclude -include $(unit_cfg) -Iruntime -Itests/unit \
		-o $@ $< tests/unit/fake_sys.c $(RT_CORE_SRCS)

$(TOOLS)/tests/%: tests/unit/%.c $(SKELGEN_LIB_OBJS) $(wildcard skelgen/*/*.h)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(CSTD) $(WARN) -O1 -g $(SAN) -Iinclude -Iskelgen -Itests/unit -o $@ $< \
		$(filter-out skelgen/main.c,$(SKELGEN_SRCS)) $(SKELGEN_LDLIBS)

$(TOOLS)/tests/sign_tool: tests/oracle/sign_tool.c $(SKELGEN_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(CSTD) $(WARN) -O1 -g -Iinclude -Iskelgen -o $@ $< $(SKELGEN_LIB_OBJS) $(SKELGEN_LDLIBS)

# ---------------------------------------------------------------- model (layer 3)
# tests/model/*_test.c: the runtime (minus runtime/sys/) linked against
# tests/model/kernel_model.c, a model of each kernel signing scheme that
# checks PKCS#7 with OpenSSL.  The signed headers are made here by skelgen
# from the counter example, each under its own name so one test can
# include them all:
#   counter_rsa    rsa2048 (signer by SKI)     chain,loadtime,inloader
#   counter_ecdsa  p256 (signer by SKI)        chain,loadtime,inloader
#   counter_noski  p256-noski (issuer+serial)  chain,loadtime,inloader
#   counter_other  other-rsa2048 (a key whose cert the tests keep out of the keyring)
MODEL_GEN := $(O)/tests/gen
MODEL_KEYS := tests/fixtures/keys
MODEL_HDRS := $(MODEL_GEN)/counter_rsa.lskel.h $(MODEL_GEN)/counter_ecdsa.lskel.h \
	$(MODEL_GEN)/counter_noski.lskel.h $(MODEL_GEN)/counter_other.lskel.h
model_key_rsa := rsa2048.key.pem rsa2048.crt.pem
model_key_ecdsa := p256.key.pem p256.crt.pem
model_key_noski := p256.key.pem p256-noski.crt.pem
model_key_other := other-rsa2048.key.pem other-rsa2048.crt.pem
.SECONDARY: $(MODEL_HDRS)

$(MODEL_GEN)/counter_%.lskel.h: $(O)/examples/counter/counter.bpf.o $(SKELGEN) \
		$(addprefix $(MODEL_KEYS)/,$(model_key_rsa) $(model_key_ecdsa) $(model_key_noski) $(model_key_other))
	@mkdir -p $(dir $@)
	$(SKELGEN) -k $(MODEL_KEYS)/$(word 1,$(model_key_$*)) -i $(MODEL_KEYS)/$(word 2,$(model_key_$*)) \
		--scheme chain,loadtime,inloader --name counter_$* -o $@ $<

MODEL_DEPS := tests/model/kernel_model.c tests/model/kernel_model.h tests/model/model_test.h \
	tests/unit/check.h $(RT_CORE_SRCS) $(wildcard runtime/*.h) include/tinyskel.h include/tinyskel_uapi.h \
	$(CONFIG_H) $(MODEL_HDRS)

$(T)/model/%: tests/model/%.c $(MODEL_DEPS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(CSTD) $(WARN) -O1 -g $(SAN) -Iinclude -include $(CONFIG_H) -Iruntime -Itests/unit -Itests/model \
		-I$(MODEL_GEN) -o $@ $< tests/model/kernel_model.c $(RT_CORE_SRCS) -lcrypto
# ---------------------------------------------------------------- end of model

# Real-kernel tests (host only): a signed header of the counter example.
KEYS := tests/fixtures/keys
$(T)/kernel-gen/counter_signed.lskel.h: $(O)/examples/counter/counter.bpf.o $(SKELGEN) $(KEYS)/rsa2048.key.pem
	@mkdir -p $(dir $@)
	$(SKELGEN) -k $(KEYS)/rsa2048.key.pem -i $(KEYS)/rsa2048.crt.pem --scheme chain,loadtime,inloader \
		--name counter_signed -o $@ $<

$(T)/kernel/%: tests/kernel/%.c $(wildcard tests/kernel/*.h) $(LIB) $(T)/kernel-gen/counter_signed.lskel.h $(O)/examples/counter/counter.lskel.h
	@mkdir -p $(dir $@)
	$(HOSTCC) $(CSTD) $(WARN) -O1 -g -Iinclude -Itests/unit -I$(T)/kernel-gen -I$(O)/examples/counter \
		-o $@ $< $(LIB) -lcrypto -lpthread

TEST_BINS := $(RT_UNIT) $(RT_UNIT_SAN) $(if $(IS_HOST),$(SG_UNIT) $(MODEL) $(KERNEL_C) $(if $(wildcard tests/oracle/sign_tool.c),$(TOOLS)/tests/sign_tool))

.PHONY: check test-build
test-build: all $(TEST_BINS)

ifeq ($(IS_HOST),y)
CHECK_TESTS := $(RT_UNIT) $(RT_UNIT_SAN) $(SG_UNIT) $(MODEL) $(KERNEL_C) $(SCRIPT_TESTS)
else
CHECK_TESTS := $(RT_UNIT) $(wildcard tests/board/*.sh)
endif

check: deps
	@$(MAKE) --no-print-directory test-build
	@$(TEST_ENV) $(if $(IS_HOST),,TEST_WRAPPER="$(QEMU_USER)") tests/run.sh $(CHECK_TESTS)

# ---------------------------------------------------------------- boards
# `make BOARD=NAME check` for a board other than host: the runtime unit tests
# (under qemu-user when cross) and tests/board/*.sh: binaries' architecture
# and linkage, the examples on this kernel (x86_64-musl), and a boot of the
# board's binaries on a Debian kernel under qemu-system (tests/board/init.c is
# that initramfs's /init).  tests/cross/board_NAME.sh runs each board's check
# from the host's `make check`.
TEST_ENV += BOARD=$(BOARD_NAME) CROSS_COMPILE=$(CROSS)

$(T)/board/init: tests/board/init.c
	@mkdir -p $(dir $@)
	$(TCC) $(CSTD) $(WARN) -Os $(TARGET_CFLAGS) $(TLDFLAGS) -o $@ $< $(TLDLIBS_MUSL)

ifneq ($(IS_HOST),y)
test-build: $(T)/board/init
ifneq ($(CROSS),)
check: deps-cross
endif
endif

# ---------------------------------------------------------------- VM layer (tests/vm, host only)
# tests/vm/vmtest.c is /init of an initramfs booted on real kernels under
# qemu-system-x86_64 (tests/vm/*.sh).  Static musl, the runtime compiled in
# with the host board's configuration; headers of the counter example signed
# with every key size and both ways of naming the signer, for every scheme.
VM_GEN := $(T)/vm-gen
VM_KEYS_rsa2048 := rsa2048.key.pem rsa2048.crt.pem
VM_KEYS_rsa3072 := rsa3072.key.pem rsa3072.crt.pem
VM_KEYS_rsa4096 := rsa4096.key.pem rsa4096.crt.pem
VM_KEYS_p256 := p256.key.pem p256.crt.pem
VM_KEYS_p384 := p384.key.pem p384.crt.pem
VM_KEYS_p256noski := p256.key.pem p256-noski.crt.pem
VM_KEYS_rsa2048noski := rsa2048.key.pem rsa2048-noski.crt.pem
VM_KEYS_other := other-rsa2048.key.pem other-rsa2048.crt.pem
VM_COUNTER_HDRS := $(foreach k,rsa2048 rsa3072 rsa4096 p256 p384 p256noski rsa2048noski other,$(VM_GEN)/vm_$(k).lskel.h)
VM_HDRS := $(VM_COUNTER_HDRS) $(VM_GEN)/vm_plain.lskel.h $(VM_GEN)/vm_tp.lskel.h $(VM_GEN)/vm_kp.lskel.h \
	$(VM_GEN)/vm_core.lskel.h
.SECONDARY: $(VM_HDRS)

$(VM_GEN)/vm_%.lskel.h: $(O)/examples/counter/counter.bpf.o $(SKELGEN)
	@mkdir -p $(dir $@)
	$(SKELGEN) -k $(KEYS)/$(word 1,$(VM_KEYS_$*)) -i $(KEYS)/$(word 2,$(VM_KEYS_$*)) \
		--scheme chain,loadtime,inloader --name vm_$* -o $@ $<
$(VM_GEN)/vm_plain.lskel.h: $(O)/examples/counter/counter.bpf.o $(SKELGEN)
	@mkdir -p $(dir $@)
	$(SKELGEN) --name vm_plain -o $@ $<
$(VM_GEN)/vm_tp.lskel.h: $(O)/examples/tpcount/tpcount.bpf.o $(SKELGEN)
	@mkdir -p $(dir $@)
	$(SKELGEN) -k $(KEYS)/rsa2048.key.pem -i $(KEYS)/rsa2048.crt.pem --scheme chain,loadtime,inloader --name vm_tp -o $@ $<
$(VM_GEN)/vm_kp.lskel.h: $(O)/examples/kcount/kcount.bpf.o $(SKELGEN)
	@mkdir -p $(dir $@)
	$(SKELGEN) -k $(KEYS)/rsa2048.key.pem -i $(KEYS)/rsa2048.crt.pem --scheme chain,loadtime,inloader --name vm_kp -o $@ $<

$(VM_GEN)/core.bpf.o: tests/vm/core.bpf.c
	@mkdir -p $(dir $@)
	$(TINYSKEL_CLANG) $(TINYSKEL_BPF_CFLAGS) -c $< -o $@
$(VM_GEN)/vm_core.lskel.h: $(VM_GEN)/core.bpf.o $(SKELGEN)
	$(SKELGEN) -k $(KEYS)/rsa2048.key.pem -i $(KEYS)/rsa2048.crt.pem --scheme chain,loadtime,inloader --name vm_core -o $@ $<

# Built for any board with an emulated machine: `make BOARD=qemu-arm64
# build/qemu-arm64/tests/vm/vmtest` is /init on Debian's arm64 kernels
# (tests/vm/debian_backports.sh), qemu-armv7 on its armmp kernels.
VMTEST_CC := $(if $(CROSS),$(TCC) $(TARGET_CFLAGS),musl-gcc)
$(T)/vm/vmtest: tests/vm/vmtest.c tests/vm/sha256.h tests/kernel/crafted_ctx.h $(VM_HDRS) $(RUNTIME_SRCS) $(wildcard runtime/*.h) \
		include/tinyskel.h include/tinyskel_uapi.h $(CONFIG_H)
	@mkdir -p $(dir $@)
	$(VMTEST_CC) $(CSTD) $(WARN) -Os -static -Iinclude -include $(CONFIG_H) -Iruntime -I$(VM_GEN) -Itests/kernel \
		-o $@ tests/vm/vmtest.c $(RUNTIME_SRCS) $(if $(CROSS),$(TLDLIBS_MUSL))

ifeq ($(IS_HOST),y)
check: deps-vm
test-build: $(T)/vm/vmtest
CHECK_TESTS += $(wildcard tests/vm/*.sh)
endif

# ---------------------------------------------------------------- after-load helpers (issue 13)
# tests/kernel/{maps,ringbuf,net,uprobe}_test.c use feat.lskel.h, made here
# unsigned from tests/kernel/bpf/feat.bpf.c (this kernel cannot verify).
$(T)/kernel-gen/feat.bpf.o: tests/kernel/bpf/feat.bpf.c
	@mkdir -p $(dir $@)
	$(TINYSKEL_CLANG) $(TINYSKEL_BPF_CFLAGS) -c $< -o $@
$(T)/kernel-gen/feat.lskel.h: $(T)/kernel-gen/feat.bpf.o $(SKELGEN)
	$(SKELGEN) -n feat -o $@ $<
$(T)/kernel-gen/kprobes.bpf.o: tests/kernel/bpf/kprobes.bpf.c
	@mkdir -p $(dir $@)
	$(TINYSKEL_CLANG) $(TINYSKEL_BPF_CFLAGS) -c $< -o $@
$(T)/kernel-gen/kprobes.lskel.h: $(T)/kernel-gen/kprobes.bpf.o $(SKELGEN)
	$(SKELGEN) -n kprobes -o $@ $<
$(T)/kernel-gen/urb.bpf.o: tests/kernel/bpf/urb.bpf.c
	@mkdir -p $(dir $@)
	$(TINYSKEL_CLANG) $(TINYSKEL_BPF_CFLAGS) -c $< -o $@
$(T)/kernel-gen/urb.lskel.h: $(T)/kernel-gen/urb.bpf.o $(SKELGEN)
	$(SKELGEN) -n urb -o $@ $<
$(T)/kernel-gen/rb4g.bpf.o: tests/kernel/bpf/rb4g.bpf.c
	@mkdir -p $(dir $@)
	$(TINYSKEL_CLANG) $(TINYSKEL_BPF_CFLAGS) -c $< -o $@
$(T)/kernel-gen/rb4g.lskel.h: $(T)/kernel-gen/rb4g.bpf.o $(SKELGEN)
	$(SKELGEN) -n rb4g -o $@ $<
$(KERNEL_C): $(T)/kernel-gen/feat.lskel.h $(T)/kernel-gen/kprobes.lskel.h $(T)/kernel-gen/urb.lskel.h \
	$(T)/kernel-gen/rb4g.lskel.h
# kprobes_test as a static binary of any board, booted by tests/kernel/vm_kprobes.sh
# on kernels that have kprobes:  make BOARD=NAME $(O)/tests/vm/kprobes_test
$(T)/vm/kprobes_test: tests/kernel/kprobes_test.c $(T)/kernel-gen/kprobes.lskel.h $(LIB) tests/unit/check.h
	@mkdir -p $(dir $@)
	$(TCC) $(TCFLAGS) -Itests/unit -I$(T)/kernel-gen $(TLDFLAGS) -o $@ $< $(LIB) $(TLDLIBS_MUSL)

# ---------------------------------------------------------------- the device's BPF guard (issue 21)
# tests/vm/guard.sh boots Debian's 6.18 and 7.3 kernels with an initramfs
# whose /init is tests/vm/guardtest.c and which holds the product's
# tinyskel-guard, both static musl (of this board: qemu-arm64 for arm64).
GUARDVM_CC := $(if $(CROSS),$(TCC) $(TARGET_CFLAGS),musl-gcc)
GUARDVM_LIBS := $(if $(CROSS),$(TLDLIBS_MUSL))
$(VM_GEN)/allow.bpf.o: tests/vm/allow.bpf.c
	@mkdir -p $(dir $@)
	$(TINYSKEL_CLANG) $(TINYSKEL_BPF_CFLAGS) -c $< -o $@
$(VM_GEN)/vm_allow.lskel.h: $(VM_GEN)/allow.bpf.o $(SKELGEN)
	$(SKELGEN) -k $(KEYS)/rsa2048.key.pem -i $(KEYS)/rsa2048.crt.pem --scheme chain,loadtime,inloader --name vm_allow -o $@ $<
$(T)/vm/guardtest: tests/vm/guardtest.c $(VM_GEN)/vm_rsa2048.lskel.h $(VM_GEN)/vm_plain.lskel.h \
		$(VM_GEN)/vm_other.lskel.h $(VM_GEN)/vm_allow.lskel.h $(RUNTIME_SRCS) $(wildcard runtime/*.h) include/tinyskel.h \
		include/tinyskel_guard.h $(CONFIG_H)
	@mkdir -p $(dir $@)
	$(GUARDVM_CC) $(CSTD) $(WARN) -Os -static -Iinclude -include $(CONFIG_H) -Iruntime -I$(VM_GEN) \
		-o $@ tests/vm/guardtest.c $(RUNTIME_SRCS) $(GUARDVM_LIBS)
$(T)/vm/tinyskel-guard: guard/tinyskel-guard.c $(O)/guard/guard.lskel.h $(RUNTIME_SRCS) $(wildcard runtime/*.h) \
		include/tinyskel.h include/tinyskel_guard.h $(CONFIG_H)
	@mkdir -p $(dir $@)
	$(GUARDVM_CC) $(CSTD) $(WARN) -Os -static -Iinclude -include $(CONFIG_H) -I$(O)/guard \
		-o $@ guard/tinyskel-guard.c $(RUNTIME_SRCS) $(GUARDVM_LIBS)
$(T)/vm/guardctx: tests/vm/guard_ctx.c $(VM_GEN)/vm_rsa2048.lskel.h $(RUNTIME_SRCS) $(wildcard runtime/*.h) \
		include/tinyskel.h include/tinyskel_guard.h $(CONFIG_H)
	@mkdir -p $(dir $@)
	$(GUARDVM_CC) $(CSTD) $(WARN) -Os -static -Iinclude -include $(CONFIG_H) -I$(VM_GEN) \
		-o $@ tests/vm/guard_ctx.c $(RUNTIME_SRCS) $(GUARDVM_LIBS)
.PHONY: guard-vm
guard-vm: $(T)/vm/guardtest $(T)/vm/tinyskel-guard $(T)/vm/guardctx
ifeq ($(IS_HOST),y)
test-build: guard-vm
endif
