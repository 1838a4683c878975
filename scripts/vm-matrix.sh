#!/bin/sh
# Print the VM layer's latest matrix (kernel x scheme, each forced, policy
# "require signed", RSA-2048) as the markdown table docs/kernels.md shows,
# from the rows tests/vm/*_kernels.sh left in BUILD/tests/vm.
#   scripts/vm-matrix.sh [BUILD]        (default build/host)
# Not a test: run it by hand after make check to refresh the docs.
out=${1:-build/host}/tests/vm
echo "| kernel | chain | loadtime | inloader |"
echo "|---|---|---|---|"
cat "$out"/*.matrix 2>/dev/null | sed 's/ (-[0-9]*)//g'
