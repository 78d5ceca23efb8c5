#!/bin/bash
# The bench summary's target check (scripts/bench/summary.awk) on the saved
# rows of a wall-time and an instruction-counter run
# (tests/harness/bench-{host,icount}.csv, copies of docs/bench*.csv of
# 2026-12-07), as they are and with the new API slower or the control
# faster at one size: the saved rows must miss nowhere, each changed copy
# exactly at that size.  Run by make lint.
set -euo pipefail
cd "$(dirname "$0")/.."
rc=0 n=0

# check CLOCK CSV LIMIT WANT WHAT: the summary's line "over LIMIT at:"
# (1.02x, or the control + 0.02) must name WANT.
check() {
	local got

	n=$((n + 1))
	got=$(awk -v clock="$1" -f scripts/bench/rows.awk -f scripts/bench/summary.awk "$2" |
	      grep -F "  over $3 at:" | sed 's/^.* at: *//')
	if [ "$got" = "$4" ]; then
		echo "ok $n $5"
	else
		echo "not ok $n $5: over $3 at '$got', want '$4'"
		rc=1
	fi
}

# scale PROTOCOL FIGURE PAGES MAPPINGS FACTOR <CSV: PROTOCOL/pages's median
# of FIGURE at that size times FACTOR; fails if no row matched.
scale() {
	awk -F, -v OFS=, -v s="$1" -v f="$2" -v p="$3" -v m="$4" -v x="$5" '
		$1 == s && $2 == "pages" && $3 == f && $4 == p && $5 == m { $6 *= x; hit = 1 }
		{ print }
		END { exit !hit }'
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
host=tests/harness/bench-host.csv icount=tests/harness/bench-icount.csv
check icount $icount 1.02x none "instruction counter, saved rows"
check icount $icount "the control + 0.02" none "instruction counter, saved rows, against the control"
scale mkwrite cycle 16 1 1.03 <$icount >"$tmp/1.csv"
check icount "$tmp/1.csv" 1.02x "16 pages" "instruction counter, 16 pages 3 % slower"
scale return0_control cycle 4096 1 0.97 <$icount >"$tmp/2.csv"
check icount "$tmp/2.csv" "the control + 0.02" "4096 pages" "instruction counter, control 3 % faster at 4096 pages"
# On the counter the paired rows do not count: changing them changes nothing.
scale mkwrite cycle_paired 256 4 1.03 <$icount >"$tmp/3.csv"
check icount "$tmp/3.csv" 1.02x none "instruction counter, paired rows ignored"
check host $host 1.02x none "wall time, saved rows"
check host $host "the control + 0.02" none "wall time, saved rows, against the control"
scale mkwrite cycle_paired 256 4 1.03 <$host >"$tmp/4.csv"
check host "$tmp/4.csv" 1.02x "4 mappings" "wall time, 4 mappings 3 % slower (paired)"
scale return0_control cycle_paired 1 1 0.97 <$host >"$tmp/5.csv"
check host "$tmp/5.csv" "the control + 0.02" "1 pages" "wall time, control 3 % faster at 1 page (paired)"
echo "1..$n"
exit $rc
