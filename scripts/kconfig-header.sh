#!/usr/bin/env bash
# .config -> C header of CONFIG_* defines (what kconfig's autoconf.h holds,
# without kconfig's include/config/ side files).
set -eu
echo "/* Generated from $1 by scripts/kconfig-header.sh; do not edit. */"
echo "#define TINYSKEL_HAVE_KCONFIG 1"
sed -n -e 's/^CONFIG_\([A-Za-z0-9_]*\)=y$/#define CONFIG_\1 1/p' \
       -e '/=y$/d' \
       -e 's/^CONFIG_\([A-Za-z0-9_]*\)=\(.*\)$/#define CONFIG_\1 \2/p' "$1"
