# tinyskel.mk - turn foo.bpf.c into foo.lskel.h at build time.
#
#   include /usr/local/share/tinyskel/tinyskel.mk
#   app: app.c foo.lskel.h
#   	$(CC) -o $@ app.c $(shell pkg-config --cflags --libs tinyskel)
#
# Variables (set before or after the include):
#   TINYSKEL_SKELGEN        skelgen to run (default: skelgen on PATH)
#   TINYSKEL_SKELGEN_FLAGS  e.g. -k key.pem -i cert.pem --scheme chain,loadtime
#   TINYSKEL_CLANG          clang for the BPF target
#   TINYSKEL_BPF_CFLAGS     flags for foo.bpf.c
TINYSKEL_SKELGEN ?= skelgen
TINYSKEL_SKELGEN_FLAGS ?=
TINYSKEL_CLANG ?= clang
TINYSKEL_BPF_CFLAGS ?= -O2 -g -target bpf -I/usr/include/$(shell gcc -print-multiarch 2>/dev/null)

%.bpf.o: %.bpf.c
	$(TINYSKEL_CLANG) $(TINYSKEL_BPF_CFLAGS) -c $< -o $@

%.lskel.h: %.bpf.o
	$(TINYSKEL_SKELGEN) $(TINYSKEL_SKELGEN_FLAGS) -o $@ $<
