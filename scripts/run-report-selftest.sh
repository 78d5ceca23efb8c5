#!/bin/bash
# The verdicts of run-report.sh on the saved guest output of a make run
# (tests/harness/run-guest.out), as it is and broken: the real run must
# pass, each broken one must fail.  Run by make lint.
set -euo pipefail
cd "$(dirname "$0")/.."
saved=tests/harness/run-guest.out
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rc=0 n=0

# verdict WANT WHAT: run-report.sh on the guest output on stdin must exit 0
# (WANT=pass) or non-zero (WANT=fail).
verdict() {
	local got=pass

	n=$((n + 1))
	cat >"$tmp/guest.out"
	# A broken run must differ from the saved one: a sed that matched
	# nothing would test nothing.
	if [ "$1" = fail ] && cmp -s "$tmp/guest.out" "$saved"; then
		echo "not ok $n $2: the broken run is the saved one"
		rc=1
		return
	fi
	scripts/run-report.sh "$tmp/guest.out" x86_64 tcg >"$tmp/report" 2>&1 || got=fail
	if [ "$got" = "$1" ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2: run-report.sh says $got"
		sed 's/^/#   /' "$tmp/report"
		rc=1
	fi
}

echo "1..7"
verdict pass "the saved run" <"$saved"
verdict fail "the new API lost a page" < <(sed '/race: protocol=mkwrite .*backing=pages /s/ lost=0 / lost=1 /' "$saved")
verdict fail "the racy return 0 lost nothing" < <(sed '/race: protocol=return0 /s/ lost=[0-9]* / lost=0 /' "$saved")
verdict fail "a race line without racy=" < <(sed '0,/race: protocol=/s/ racy=[01]//' "$saved")
verdict fail "no race reported" < <(grep -v 'race: ' "$saved")
verdict fail "nothing at all" </dev/null
# The report names what the selftest printed, and every protocol once.
n=$((n + 1))
protocols=$(grep -c '^# race: protocol=' "$saved")
rows=$(scripts/run-report.sh "$saved" x86_64 tcg | awk '$2 ~ /^(pages|vmalloc)/' | wc -l)
if [ "$protocols" -gt 0 ] && [ "$rows" -eq "$protocols" ]; then
	echo "ok $n a row per protocol ($rows)"
else
	echo "not ok $n $rows rows for $protocols protocols"
	rc=1
fi
exit $rc
