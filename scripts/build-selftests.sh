#!/bin/bash
# Build the mm selftests of build/linux against the headers of the kernel
# built in $OBJ, into $SELFTESTS/mm (one directory per kernel).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
. scripts/arch.sh

[ -d "$OBJ/usr/include" ] || die "selftests: no headers in $OBJ; run 'make kernel' first"
out=$SELFTESTS/mm
mkdir -p "$out"
echo "selftests: building $out"
cc=${CROSS_COMPILE}gcc
targets=("$@")
# Cross: static binaries (no target libraries to pack), the target's
# liburing, and only the tests make check runs (the others want libnuma and
# libcap).  The cross compiler also searches the host's /usr/include.
if [ -n "$CROSS_COMPILE" ]; then
	cc="$cc -static -isystem $TARGET/usr/include -L$TARGET/usr/lib/${CROSS_COMPILE%-}"
	if [ ${#targets[@]} -eq 0 ]; then
		for t in $SERIES_TESTS $GUARD_TESTS $GUARD_TESTS_LONG; do
			targets+=("$out/$t")
		done
	fi
fi
# check_config.sh records in the source directory whether $cc has liburing:
# probe again for this compiler.
rm -f "$TREE"/tools/testing/selftests/mm/local_config.{mk,h_gen}
make -C "$TREE/tools/testing/selftests/mm" -s -j"$(nproc)" \
	ARCH="$KARCH" CROSS_COMPILE="$CROSS_COMPILE" CC="$cc" \
	OUTPUT="$out" KHDR_INCLUDES="-isystem $OBJ/usr/include" "${targets[@]}"

# The project's own programs (tests/, not the series'), with the flags and
# helpers of the mm selftests.  The base has no test driver for them.
mm=$TREE/tools/testing/selftests/mm
[ -n "$VARIANT" ] || for t in $PROJECT_TESTS; do
	# shellcheck disable=SC2086 # $cc carries the cross flags
	$cc -Wall -O2 -I "$TREE" -isystem "$OBJ/usr/include" \
		-isystem "$TREE/tools/include/uapi" -U_FORTIFY_SOURCE -no-pie \
		-D_GNU_SOURCE= -I "$TREE/tools/testing/selftests" -I "$mm" \
		-o "$out/$t" "tests/$t.c" "$mm/vm_util.c" "$mm/hugepage_settings.c" \
		-lrt -lpthread -lm
done

# On x86_64 (plain kernel), the mm selftests also as their users install
# them, for run_vmtests.sh in the guest: make check runs its pfnmap category.
if kselftest_install_here && [ ${#targets[@]} -eq 0 ]; then
	echo "selftests: installing the mm kselftests into $KSFT_INSTALL"
	rm -rf "$KSFT_INSTALL"
	log=$BUILD/kselftest-install.log
	make -C "$TREE/tools/testing/selftests" -s -j"$(nproc)" TARGETS=mm O="$OBJ" \
		TEST_GEN_MODS_DIR= \
		KSFT_INSTALL_PATH="$KSFT_INSTALL" install >"$log" 2>&1 ||
		{ tail -n 20 "$log"; die "selftests: the kselftest install failed ($log)"; }
fi
