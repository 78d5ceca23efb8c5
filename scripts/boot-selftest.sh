#!/bin/bash
# The records of scripts/boot.sh, which the summaries count boots by: a
# boot is recorded once, even where the list's directory does not exist
# yet, and a boot recorded but never run, or no boot at all, fails the
# summary.  Run by make lint; BOOT_SH=FILE checks another boot.sh (an
# older one: git show REV:scripts/boot.sh >FILE).
# shellcheck disable=SC2317 # the checks call functions indirectly
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
ARCH=x86_64
. scripts/arch.sh
# shellcheck source=scripts/boot.sh
. "${BOOT_SH:-scripts/boot.sh}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rc=0 n=0

check() { # what, command...
	local what=$1

	shift
	n=$((n + 1))
	if "$@" >"$tmp/out" 2>&1; then
		echo "ok $n $what"
	else
		echo "not ok $n $what"
		sed 's/^/#   /' "$tmp/out"
		rc=1
	fi
}

echo "1..4"
BOOTS=$tmp/new/dir/boots.txt
boot_record "$tmp/a" || true
boot_record "$tmp/a" || true
boot_record "$tmp/b" || true
check "recorded once each, the list's directory made" \
	diff <(printf '%s\n' "$tmp/a" "$tmp/b") "$BOOTS"
# Succeeds if the command, in a subshell (die exits), fails.
fails() { ! ( "$@" ); }
# x86_64-plain/main: a boot that never ran (no guest output).
BOOTS=$tmp/boots.txt
boot_record "$tmp/results/x86_64-plain/main"
check "a recorded boot that never ran fails the summary" fails summarize_boots
BOOTS=$tmp/none.txt
check "no boot recorded fails the summary" fails summarize_boots
# Refused before it writes anything (no kernel either way: VM_KERNEL).
unrecordable() {
	BOOTS=/dev/null/boots.txt VM_KERNEL=$tmp/no-kernel boot x "$tmp/never" </dev/null
}
refused() { fails unrecordable && [ ! -e "$tmp/never" ]; }
check "boot() refuses a boot it cannot record, before writing it" refused
exit $rc
