#!/bin/bash
# Boot the test kernel once and run the suites; results in $BUILD/results.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
. scripts/arch.sh

results=$BUILD/results/$ARCH-$FLAVOUR
rm -rf "$results"
mkdir -p "$results"
run=$results/run.sh
# Each suite: name, then the command run in /selftests/mm.  The upstream
# suites are the regression guard; pfnmap_mkwrite is the series' own.
cat >"$run" <<'GUEST'
cd /selftests/mm
suite() {
	name=$1
	shift
	echo "### suite $name"
	"$@"
	echo "### end $name rc=$?"
}
modprobe pfnmap_test || echo "modprobe pfnmap_test failed"
suite pfnmap ./pfnmap
suite mkdirty ./mkdirty
suite gup_longterm ./gup_longterm
suite cow ./cow
suite madv_populate ./madv_populate
suite mremap_test ./mremap_test
suite pagemap_ioctl ./pagemap_ioctl
suite guard-regions ./guard-regions
suite merge ./merge
[ -x ./pfnmap_mkwrite ] && suite pfnmap_mkwrite ./pfnmap_mkwrite
GUEST

scripts/vm-run.sh "$run" "$results" || true
scripts/summarize.sh "$results" | tee "$results/summary.txt"
