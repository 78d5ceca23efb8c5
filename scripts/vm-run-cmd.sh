#!/bin/bash
# make vm-run: the guest commands on stdin, in the test VM of ARCH and
# FLAVOUR, with FILEs in /extra; prints what the guest printed.
#
#   vm-run-cmd.sh [FILE...] <COMMANDS
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
. scripts/arch.sh
. scripts/boot.sh

results=$BUILD/results/vm-run
rm -rf "$results"
rc=0
boot vm-run "$results" -- "$@" || rc=$?
cat "$results/guest.out"
exit $rc
