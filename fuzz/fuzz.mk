# fuzz/fuzz.mk - libFuzzer harnesses (included at the end of the Makefile).
#
#   make fuzz                    build, then run each harness FUZZ_SECONDS (60)
#   make fuzz FUZZ=cert          only that harness (space-separated list)
#   make fuzz-build              build only: build/fuzz/fuzz_<name>
#
# Harnesses (fuzz/fuzz_<name>.c; what each checks is in its header comment
# and in docs/fuzz.md):
#   pem           skelgen/sign/pem.c: sg_pem_decode
#   der           skelgen/sign/der.c: reader, writer round trip
#   cert          skelgen/sign/cert.c + pubkey.c: sg_cert_load from memory
#   key           skelgen/sign/key.c: sg_key_load from memory
#   pkcs7_verify  skelgen/sign/pkcs7_verify.c against fixture certificates
#   pkcs7_sign    skelgen/sign/pkcs7_sign.c with fixture keys, fuzzed content and
#                 certificate, checked with sg_pkcs7_verify
#   validate      runtime/load/validate.c: tinyskel_validate, no syscall allowed
#   cident        skelgen/gen/cident.c: names and escaped text for the header
#
# Host only, clang with libFuzzer (Debian: libclang-rt-14-dev).  Seeds live
# in fuzz/corpus/NAME/ (read-only); what a run finds goes to
# build/fuzz/corpus/NAME/, crashes to build/fuzz/artifacts/.
# tests/fuzz/smoke.sh runs every harness briefly in `make check`.

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_OUT := build/fuzz
FUZZ_ALL := pem der cert key pkcs7_verify pkcs7_sign validate cident
FUZZ ?= $(FUZZ_ALL)
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS := $(CSTD) $(WARN) -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
	-DFUZZ_TOP='"$(TOP)"'
FUZZ_ARGS ?= -max_len=8192 -timeout=10 -print_final_stats=1

FUZZ_SG_SRCS := $(addprefix skelgen/sign/,pem.c der.c key.c cert.c pkcs7_sign.c pkcs7_verify.c \
	content.c file.c oid.c pubkey.c) skelgen/gen/cident.c
FUZZ_SG_OBJS := $(FUZZ_SG_SRCS:%.c=$(FUZZ_OUT)/obj/%.o) $(FUZZ_OUT)/obj/fuzz/sg_input.o
FUZZ_RT_OBJS := $(patsubst %.c,$(FUZZ_OUT)/obj/%.o,$(filter-out runtime/sys/%,$(RUNTIME_SRCS))) \
	$(FUZZ_OUT)/obj/fuzz/abort_sys.o
FUZZ_BINS := $(FUZZ_ALL:%=$(FUZZ_OUT)/fuzz_%)

.PHONY: fuzz fuzz-build
.PRECIOUS: $(FUZZ_OUT)/obj/%.o
fuzz-build: $(FUZZ_BINS)

$(FUZZ_OUT)/obj/skelgen/%.o: skelgen/%.c $(wildcard skelgen/*/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Iinclude -Iskelgen -c $< -o $@

# The runtime with config.h's defaults (every scheme): no board config needed.
$(FUZZ_OUT)/obj/runtime/%.o: runtime/%.c $(wildcard runtime/*.h) include/tinyskel.h include/tinyskel_uapi.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Iinclude -Iruntime -c $< -o $@

$(FUZZ_OUT)/obj/fuzz/%.o: fuzz/%.c fuzz/fuzz.h $(wildcard skelgen/*/*.h runtime/*.h) include/tinyskel.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Iinclude -Iskelgen -Iruntime -c $< -o $@

$(FUZZ_OUT)/fuzz_validate: $(FUZZ_OUT)/obj/fuzz/fuzz_validate.o $(FUZZ_RT_OBJS)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^

# sg_read_file is wrapped so that the loaders read the input from memory.
$(FUZZ_OUT)/fuzz_%: $(FUZZ_OUT)/obj/fuzz/fuzz_%.o $(FUZZ_SG_OBJS)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -Wl,--wrap=sg_read_file -o $@ $^ -lbearssl

fuzz: $(FUZZ:%=$(FUZZ_OUT)/fuzz_%)
	@mkdir -p $(FUZZ_OUT)/artifacts
	@set -e; for h in $(FUZZ); do \
		mkdir -p $(FUZZ_OUT)/corpus/$$h; \
		echo "== fuzz_$$h: $(FUZZ_SECONDS) s"; \
		TINYSKEL_SRC=$(TOP) $(FUZZ_OUT)/fuzz_$$h $(FUZZ_ARGS) -max_total_time=$(FUZZ_SECONDS) \
			-artifact_prefix=$(FUZZ_OUT)/artifacts/$$h- \
			$(FUZZ_OUT)/corpus/$$h fuzz/corpus/$$h 2>&1 | \
			grep -E '^(#[0-9]+ +(INITED|DONE)|stat::|==[0-9]+==|SUMMARY|.*property failed)' ; \
		test $${PIPESTATUS[0]} = 0; \
	done
