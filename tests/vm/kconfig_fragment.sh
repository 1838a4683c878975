#!/usr/bin/env bash
# scripts/kconfig/tinyskel.config describes a kernel the VM layer saw
# verify: every line of it is set in the .config of the signing kernel that
# verified chain and in-loader with RSA and ECDSA (../shared/kernels).
set -u
: "${TINYSKEL_SRC:?run through make check}"
dir=${TINYSKEL_TEST_KERNELS:-}
[ -z "$dir" ] && [ -d "$TINYSKEL_SRC/../shared/kernels" ] && dir=$TINYSKEL_SRC/../shared/kernels
config=${dir:+$dir/config-6.18.35-excl-chain-btf}
[ -n "$config" ] && [ -f "$config" ] || { echo "no kernel config to compare with: config-6.18.35-excl-chain-btf not in ${dir:-TINYSKEL_TEST_KERNELS}"; exit 77; }
bad=0
while read -r line; do
	case $line in ''|'#'*) continue ;; esac
	grep -qx "$line" "$config" || { echo "not in $(basename "$config"): $line"; bad=1; }
done <"$TINYSKEL_SRC/scripts/kconfig/tinyskel.config"
[ $bad = 0 ] || { echo "FAIL: the fragment asks for what the measured kernel did not have"; exit 1; }
echo "every line of scripts/kconfig/tinyskel.config is set in $(basename "$config")"
