#!/bin/bash
# Print the kernel reports in a guest's console log, one a line; nothing
# when it is clean.  vm-run.sh fails the boot on any.
#
#   console-reports.sh CONSOLE [ALLOWED_WARNING_REGEX]
#
# With ALLOWED, warnings matching it are no reports, nor are as many stack
# dumps as there are such warnings, nor the taint W (512) they leave.
set -euo pipefail
console=$1 allowed=${2:-}

# Lockdep, KASAN, KFENCE and most checkers report as BUG: or WARNING:;
# some (lockdep's "non-static key") as a stack dump alone.
reports=$(grep -E 'BUG:|WARNING:|KASAN:|UBSAN:|DEBUG_LOCKS_WARN_ON|Kernel panic|Oops|INFO: task .* blocked|rcu_.*stall|Call Trace:|printk messages dropped' "$console" || true)
allowed_taint=0
if [ -n "$allowed" ]; then
	n_allowed=$(grep -cE "$allowed" <<<"$reports" || true)
	n_traces=$(grep -c 'Call Trace:' <<<"$reports" || true)
	reports=$(grep -vE "$allowed|Call Trace:" <<<"$reports" || true)
	[ "$n_traces" -le "$n_allowed" ] ||
		reports+=$'\n'"$((n_traces - n_allowed)) stack dumps (Call Trace:) besides the allowed warnings"
	allowed_taint=512
fi
# The taint the guest read at the end (scripts/guest-init.sh); a guest that
# finished without saying it is a report too.
taint=$(tr -d '\r' <"$console" | sed -n 's/^pfnmap-vm: tainted \([0-9]*\)$/\1/p' | tail -1)
if [ -z "$taint" ]; then
	! grep -q '^pfnmap-vm: done' "$console" ||
		reports+=$'\n'"the guest did not say whether the kernel is tainted"
elif [ $((taint & ~allowed_taint)) -ne 0 ]; then
	reports+=$'\n'"the kernel is tainted: $taint"
fi
sed '/^$/d' <<<"$reports"
