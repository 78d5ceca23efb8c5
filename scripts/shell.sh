#!/bin/bash
# The test VM with pfnmap_test loaded and a busybox shell on this terminal;
# the VM powers off when the shell exits.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

. scripts/arch.sh
. scripts/boot.sh

boot shell "$BUILD/results/shell" -i <<'GUEST'
modprobe pfnmap_test
echo "pfnmap_test is loaded; the selftests are in /selftests/mm. Exit the shell to power off." >/dev/console
setsid cttyhack sh -l </dev/console >/dev/console 2>&1
GUEST
