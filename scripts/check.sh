#!/bin/bash
# Boot the test kernels and run the suites; results in $BUILD/results.
#
#   check.sh [FLAVOUR...]      (default: $FLAVOURS, or the architecture's)
#
# Two boots per flavour: "main" runs the series' own suite and the upstream
# mm suites of the regression guard (the short ones only on the debug
# flavour, where KASAN makes the long ones take minutes); "misuse" loads
# pfnmap_test with misuse=1 and runs only the cases that call
# vmf_insert_pfn_mkwrite() wrongly, where the two one-time warnings from
# mm/memory.c are required and any other report fails the run.  One closing
# line counts everything.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

. scripts/arch.sh
read -ra flavours <<<"${*:-${FLAVOURS:-$DEFAULT_FLAVOURS}}"
for FLAVOUR in "${flavours[@]}"; do
	make --no-print-directory initramfs FLAVOUR="$FLAVOUR"
done
dirs=()
for FLAVOUR in "${flavours[@]}"; do
	. scripts/arch.sh
	results=$BUILD/results/$ARCH-$FLAVOUR$VARIANT
	rm -rf "$results"
	mkdir -p "$results/main" "$results/misuse"
	guard="$GUARD_TESTS $GUARD_TESTS_LONG"
	[ "$FLAVOUR" != debug ] || guard=$GUARD_TESTS

	cat >"$results/main/run.sh" <<GUEST
. /extra/guest-lib.sh
modprobe pfnmap_test || echo "modprobe pfnmap_test failed"
block_fs
[ -x ./pfnmap_mkwrite ] && suite pfnmap_mkwrite env TMPDIR=/mnt/disk ./pfnmap_mkwrite
[ -x ./pfnmap_stress ] && suite pfnmap_stress ./pfnmap_stress
if [ -x ./fb_defio ]; then
	modprobe fb_defio_test || echo "modprobe fb_defio_test failed"
	suite fb_defio ./fb_defio
fi
for t in $guard; do
	case " $GUARD_NOT_HERE " in
	*" \$t "*) suite \$t echo "1..0 # SKIP not run on $ARCH (scripts/arch.sh says why)" ;;
	*) suite \$t ./\$t ;;
	esac
done
GUEST
	# CHECK_EXTRA: guest commands appended to the main boot, to try the
	# harness itself (a failing test, a kernel warning, a hang).
	echo "${CHECK_EXTRA:-}" >>"$results/main/run.sh"

	cat >"$results/misuse/run.sh" <<'GUEST'
. /extra/guest-lib.sh
[ -x ./pfnmap_mkwrite ] || exit 0
modprobe pfnmap_test misuse=1 || echo "modprobe pfnmap_test failed"
suite pfnmap_mkwrite_misuse ./pfnmap_mkwrite -t misuse_other_pfn \
	-t misuse_outside_vma -t misuse_not_pfnmap -t misuse_cow
suite misuse_warnings check_misuse_warnings
GUEST

	scripts/vm-run.sh "$results/main/run.sh" "$results/main" scripts/guest-lib.sh || true
	scripts/vm-run.sh -w 'WARNING:.*mm/memory\.c:[0-9]+' \
		"$results/misuse/run.sh" "$results/misuse" scripts/guest-lib.sh || true
	dirs+=("$results/main" "$results/misuse")
done
scripts/summarize.sh "${dirs[@]}" | tee "$BUILD/results/summary-$ARCH.txt"
