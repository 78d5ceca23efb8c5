#!/bin/bash
# The report of the last bench.sh run (its rows in build/results/bench/):
# build/results/bench.csv with each figure's ratio to the floor measured in
# the same boot, the summary bench.txt and the plot bench.svg.  Run alone,
# it redoes them without booting.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

results=$BUILD/results/bench
[ -s "$results/raw.csv" ] || die "bench-report: no $results/raw.csv; run 'make bench'"

# The floor of a figure is return0/pages at the same size and mappings; of
# the wrprotect figures, one call per contiguous run (the "runs" rows).
# cycle_paired rows are ratios to the floor already.
awk 'BEGIN { FS = OFS = "," }
	function floor_key(   ref) {
		if ($3 ~ /^wrprotect/) {
			ref = $3
			sub(/per_page$/, "runs", ref)
			return $1 "," $2 "," ref "," $4 "," $5
		}
		return "return0,pages," $3 "," $4 "," $5
	}
	NR == FNR { if (FNR > 1) val[$1 "," $2 "," $3 "," $4 "," $5] = $6; next }
	FNR == 1 { print $0, "ratio_to_floor"; next }
	{
		k = floor_key()
		r = ""
		if ($10 == "ratio")
			r = $6
		else if ((k in val) && val[k] > 0)
			r = sprintf("%.3f", $6 / val[k])
		print $0, r
	}' "$results/raw.csv" "$results/raw.csv" >"$BUILD/results/bench.csv"

date=$(cat "$results/date")
host=$(cat "$results/host")
accel=$(cat "$results/accel")
guest=$(sed -n 's/^### guest: //p' "$results/guest.txt")
{
	echo "pfnmap-mkwrite benchmark, $date"
	echo "host: $host; accelerator: $accel"
	echo "guest: $guest"
	grep -m1 '^settings: ' "$results/guest.txt"
	echo
	awk -f scripts/bench/rows.awk -f scripts/bench/summary.awk "$BUILD/results/bench.csv"
} >"$BUILD/results/bench.txt"

awk -v dir="$results" -f scripts/bench/rows.awk -f scripts/bench/plot-data.awk \
	"$BUILD/results/bench.csv"
# The plot has a panel per sweep: a partial run (BENCH_ARGS) gets none.
rm -f "$BUILD/results/bench.svg"
for t in cycle-pages cycle-maps paired-pages paired-maps wrprotect; do
	if [ ! -f "$results/$t.dat" ] || [ "$(wc -l <"$results/$t.dat")" -lt 2 ]; then
		echo "bench-report: no plot, the run has no $t sweep"
		exit 0
	fi
done
gnuplot -e "dir='$results'; out='$BUILD/results/bench.svg'" \
	-e "subtitle='$date; host $host; guest $guest; $accel'" \
	scripts/bench/plot.gp
