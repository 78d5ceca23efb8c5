#!/bin/bash
# The bench summary's target check (scripts/bench/summary.awk) on saved
# rows (docs/bench.csv, docs/bench-icount.csv), as they are and with the
# new API made slower at one size: the saved rows must miss nowhere, each
# slowed copy exactly at that size.  Run by make lint.
set -euo pipefail
cd "$(dirname "$0")/.."
rc=0 n=0

# check CLOCK CSV WANT WHAT: the summary's "over 1.02x at:" line must be
# "over 1.02x at: WANT".
check() {
	local got

	n=$((n + 1))
	got=$(awk -v clock="$1" -f scripts/bench/rows.awk -f scripts/bench/summary.awk "$2" |
	      sed -n 's/^  over 1\.02x at: *//p')
	if [ "$got" = "$3" ]; then
		echo "ok $n $4"
	else
		echo "not ok $n $4: over 1.02x at '$got', want '$3'"
		rc=1
	fi
}

# slow FIGURE PAGES MAPPINGS FACTOR <CSV: the new API's median of FIGURE at
# that size times FACTOR; fails if no row matched.
slow() {
	awk -F, -v OFS=, -v f="$1" -v p="$2" -v m="$3" -v x="$4" '
		$1 == "mkwrite" && $2 == "pages" && $3 == f && $4 == p && $5 == m { $6 *= x; hit = 1 }
		{ print }
		END { exit !hit }'
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check icount docs/bench-icount.csv none "instruction counter, saved rows"
slow cycle 16 1 1.03 <docs/bench-icount.csv >"$tmp/icount.csv"
check icount "$tmp/icount.csv" "16 pages" "instruction counter, 16 pages 3 % slower"
check host docs/bench.csv none "wall time, saved rows"
slow cycle_paired 256 4 1.03 <docs/bench.csv >"$tmp/host.csv"
check host "$tmp/host.csv" "4 mappings" "wall time, 4 mappings 3 % slower (paired)"
# On the counter the paired rows do not count: slowing them changes nothing.
slow cycle_paired 256 4 1.03 <docs/bench-icount.csv >"$tmp/paired.csv"
check icount "$tmp/paired.csv" none "instruction counter, paired rows ignored"
echo "1..$n"
exit $rc
