#!/bin/bash
# The main job: boot the patched kernel, run the cycle, integrity, race,
# refcount and GUP cases of pfnmap_mkwrite once per protocol, and report what
# this run saw (scripts/run-report.sh).  Exits non-zero unless every check
# came out as expected: the VM ran clean, every case passed (or skipped as
# scripts/expected-skips allows), and the positive controls (the protocols
# with a lost-write window kept on purpose) lost pages while no other
# protocol did.  The whole output is kept as build/results/run/output.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
. scripts/arch.sh
. scripts/boot.sh

top=$BUILD/results/run
results=$top/$ARCH-$FLAVOUR/main
rm -rf "$top"
mkdir -p "$top"
export BOOTS=$top/boots.txt
vm_rc=0
boot run "$results" >"$top/vm-run.log" <<'GUEST' || vm_rc=$?
suite modules load_modules pfnmap_test
suite block_fs block_fs
suite pfnmap_mkwrite env TMPDIR=/mnt/disk ./pfnmap_mkwrite -t cycle -t integrity \
	-t race -t refcount -t gup_process_vm -t gup_vmsplice -t gup_odirect -t gup_io_uring
GUEST
summary_rc=0
summarize_boots >"$top/summary.txt" || summary_rc=$?
report_rc=0
scripts/run-report.sh "$results/guest.out" "$ARCH" "$(cat "$results/accel")" \
	>"$top/report.txt" || report_rc=$?
verdict="run: every check as expected (results in build/results/run)"
if [ $vm_rc -ne 0 ] || [ $summary_rc -ne 0 ] || [ $report_rc -ne 0 ]; then
	[ $vm_rc -eq 0 ] || cat "$top/vm-run.log"
	verdict="run: FAILED (results in build/results/run)"
fi
printf '%s\n\n%s\n%s\n' "$(cat "$top/report.txt")" "$(cat "$top/summary.txt")" "$verdict" |
	tee "$top/output.txt"
[ $vm_rc -eq 0 ] && [ $summary_rc -eq 0 ] && [ $report_rc -eq 0 ]
