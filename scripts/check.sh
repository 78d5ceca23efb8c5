#!/bin/bash
# Boot the test kernel and run the suites; results in $BUILD/results.
#
# Two boots: "main" runs the upstream mm suites (the regression guard) and
# the series' own; "misuse" loads pfnmap_test with misuse=1 and runs only
# the cases that call vmf_insert_pfn_mkwrite() wrongly, where the one-time
# warnings from mm/memory.c are expected (and checked for) and nothing else
# may be reported.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
. scripts/arch.sh

results=$BUILD/results/$ARCH-$FLAVOUR$VARIANT
rm -rf "$results"
mkdir -p "$results/main" "$results/misuse"

cat >"$results/main/run.sh" <<'GUEST'
. /extra/guest-lib.sh
modprobe pfnmap_test || echo "modprobe pfnmap_test failed"
block_fs
suite pfnmap ./pfnmap
suite mkdirty ./mkdirty
suite gup_longterm ./gup_longterm
suite cow ./cow
suite madv_populate ./madv_populate
suite mremap_test ./mremap_test
suite pagemap_ioctl ./pagemap_ioctl
suite guard-regions ./guard-regions
suite merge ./merge
[ -x ./pfnmap_mkwrite ] && suite pfnmap_mkwrite env TMPDIR=/mnt/disk ./pfnmap_mkwrite
GUEST
# CHECK_EXTRA: guest commands appended to the main boot, to try the harness
# itself (a failing test, a kernel warning, a hang).
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
scripts/summarize.sh "$results/main" "$results/misuse" | tee "$results/summary.txt"
