#!/bin/bash
# make soak: boot the test kernel once and run more of pfnmap_stress than
# make check does: SOAK_SEQUENCES random sequences per protocol (1500 by
# default) from SOAK_SEED (the clock by default; printed either way), and
# the stress test SOAK_STRESS times.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
. scripts/arch.sh

. scripts/boot.sh

sequences=${SOAK_SEQUENCES:-1500}
stress=${SOAK_STRESS:-5}
top=$BUILD/results/soak
results=$top/$ARCH-$FLAVOUR/main
rm -rf "$top"
export BOOTS=$top/boots.txt
boot soak "$results" -t "${VM_TIMEOUT:-3600}" <<GUEST || true
modprobe pfnmap_test || echo "modprobe pfnmap_test failed"
suite random env PFNMAP_STRESS_SEQUENCES=$sequences ${SOAK_SEED:+PFNMAP_STRESS_SEED=$SOAK_SEED} \\
	./pfnmap_stress -t random
$(for i in $(seq "$stress"); do echo "suite stress-$i ./pfnmap_stress -t stress"; done)
GUEST
tr -d '\r' <"$results/guest.out" | grep -E '^# (random|stress): ' || true
summarize_boots
