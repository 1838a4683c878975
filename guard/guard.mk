# guard/guard.mk - the device's BPF guard (docs/guard.md), included by the Makefile.
#
#   guard/guard.bpf.c     the BPF-LSM program  -> $(O)/guard/guard.bpf.o
#   skelgen, signed with GUARD_KEY/GUARD_CERT  -> $(O)/guard/guard.lskel.h
#   guard/tinyskel-guard.c + libtinyskel.a     -> $(O)/guard/tinyskel-guard
#
# GUARD_KEY/GUARD_CERT are the device's signing key and certificate: a
# firmware build passes its own (make GUARD_KEY=... GUARD_CERT=...).  The
# default is the repository's test key, which signs for tests only: its
# private half is public.  The device's keyring must hold GUARD_CERT (boot:
# --cert, DER) or the guard does not load.
# GUARD_KEYRING=N (0 builtin, 1 secondary, -9 .bpf) fixes the trusted keyring
# at build time, inside the signed .rodata; unset, the serial comes from boot.
GUARD_KEY ?= tests/fixtures/keys/rsa2048.key.pem
GUARD_CERT ?= tests/fixtures/keys/rsa2048.crt.pem
GUARD_SCHEMES ?= chain,loadtime,inloader
GUARD_BPF_CFLAGS := -mcpu=v3 -Iinclude $(if $(GUARD_KEYRING),-DGUARD_FIXED_KEYRING=$(GUARD_KEYRING))
GUARD_BIN := $(O)/guard/tinyskel-guard

.PHONY: guard
guard: $(GUARD_BIN)
all: guard

$(O)/guard/guard.bpf.o: guard/guard.bpf.c include/tinyskel_guard.h
	@mkdir -p $(dir $@)
	$(TINYSKEL_CLANG) $(TINYSKEL_BPF_CFLAGS) $(GUARD_BPF_CFLAGS) -c $< -o $@
$(O)/guard/guard.lskel.h: $(O)/guard/guard.bpf.o $(SKELGEN) $(GUARD_KEY) $(GUARD_CERT)
	$(SKELGEN) -k $(GUARD_KEY) -i $(GUARD_CERT) --scheme $(GUARD_SCHEMES) --name guard -o $@ $<
$(GUARD_BIN): guard/tinyskel-guard.c $(O)/guard/guard.lskel.h include/tinyskel_guard.h $(LIB)
	$(TCC) $(TCFLAGS) -I$(O)/guard $(TLDFLAGS) -o $@ $< $(LIB) $(TLDLIBS_MUSL)
