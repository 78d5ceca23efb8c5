#!/bin/bash
# The test VM with pfnmap_test loaded and a busybox shell on this terminal;
# the VM powers off when the shell exits.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

results=$BUILD/results/shell
mkdir -p "$results"
cat >"$results/run.sh" <<'GUEST'
. /extra/guest-lib.sh
modprobe pfnmap_test
echo "pfnmap_test is loaded; the selftests are in /selftests/mm. Exit the shell to power off." >/dev/console
setsid cttyhack sh -l </dev/console >/dev/console 2>&1
GUEST
exec scripts/vm-run.sh -i "$results/run.sh" "$results" scripts/guest-lib.sh
