#!/bin/bash
# make soak: boot the test kernel once and run more of pfnmap_stress than
# make check does: SOAK_SEQUENCES random sequences per protocol (1500 by
# default) from SOAK_SEED (the clock by default; printed either way), and
# the stress test SOAK_STRESS times.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
. scripts/arch.sh

sequences=${SOAK_SEQUENCES:-1500}
stress=${SOAK_STRESS:-5}
results=$BUILD/results/soak-$ARCH-$FLAVOUR
rm -rf "$results"
mkdir -p "$results"
cat >"$results/run.sh" <<GUEST
. /extra/guest-lib.sh
modprobe pfnmap_test || echo "modprobe pfnmap_test failed"
suite random env PFNMAP_STRESS_SEQUENCES=$sequences ${SOAK_SEED:+PFNMAP_STRESS_SEED=$SOAK_SEED} \\
	./pfnmap_stress -t random
for i in \$(seq $stress); do
	suite stress-\$i ./pfnmap_stress -t stress
done
GUEST
scripts/vm-run.sh -t "${VM_TIMEOUT:-3600}" "$results/run.sh" "$results" scripts/guest-lib.sh || true
tr -d '\r' <"$results/guest.out" | grep -E '^# (random|stress): ' || true
scripts/summarize.sh "$results"
