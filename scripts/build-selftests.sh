#!/bin/bash
# Build the mm selftests of build/linux against the headers of the kernel
# built in $OBJ, into $BUILD/selftests/$ARCH$VARIANT/mm.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
. scripts/arch.sh

[ -d "$OBJ/usr/include" ] || die "selftests: no headers in $OBJ; run 'make kernel' first"
out=$BUILD/selftests/$ARCH$VARIANT/mm
mkdir -p "$out"
echo "selftests: building $out"
make -C "$TREE/tools/testing/selftests/mm" -s -j"$(nproc)" \
	ARCH="$KARCH" CROSS_COMPILE="$CROSS_COMPILE" CC="${CROSS_COMPILE}gcc" \
	OUTPUT="$out" KHDR_INCLUDES="-isystem $OBJ/usr/include" "$@"
