#!/bin/bash
# The report of the last bench.sh run (its rows in build/results/bench/, or
# bench-ARCH/ for ARCH=arm64): build/results/bench.csv with each figure's
# ratio to the floor measured in the same boot, the summary bench.txt and
# the plot bench.svg (bench-ARCH.*).  Run alone, it redoes them without
# booting.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

name=$(bench_name)
results=$BUILD/results/$name
out=$BUILD/results/$name
[ -s "$results/raw.csv" ] || die "bench-report: no $results/raw.csv; run 'make bench'"

# The floor of a cycle figure is return0/pages at the same size and
# mappings.  That of a write-protect figure is the kernel's limit at the
# same size, outside the series: the better of mprotect(PROT_READ) and one
# wp_shared_mapping_range() call, for the driver's; mprotect(PROT_READ) of
# the run, for fb_defio's.  cycle_paired rows are ratios already.
awk 'BEGIN { FS = OFS = "," }
	function v(proto, backing, fig) {
		return val[proto "," backing "," fig "," $4 "," $5]
	}
	function floor_val(   a, b) {
		if ($1 == "fb_defio")
			return v("fb_defio", "kmem", "mprotect_run")
		if ($3 ~ /^wrprotect_calls/)
			return 0
		if ($3 ~ /^wrprotect/) {
			a = v($1, $2, "wrprotect_wp_shared")
			b = v($1, $2, "wrprotect_mprotect")
			return a != "" && (b == "" || a < b) ? a : b
		}
		return v("return0", "pages", $3)
	}
	NR == FNR { if (FNR > 1) val[$1 "," $2 "," $3 "," $4 "," $5] = $6; next }
	FNR == 1 { print $0, "ratio_to_floor"; next }
	{
		f = floor_val()
		r = ""
		if ($10 == "ratio")
			r = $6
		else if (f > 0)
			r = sprintf("%.3f", $6 / f)
		print $0, r
	}' "$results/raw.csv" "$results/raw.csv" >"$out.csv"

date=$(cat "$results/date")
host=$(cat "$results/host")
accel=$(cat "$results/accel")
# On the instruction counter a sample's time does not depend on the host, so
# pairing samples cancels nothing: the target is judged on the ratio of the
# medians (docs/benchmark.md).
clock=$(cat "$results/clock" 2>/dev/null || echo host)
case $clock in
host) clock_text="host wall time" ;;
icount) clock_text="the QEMU instruction counter (-icount shift=0): 1 ns is one guest instruction" ;;
*) die "bench-report: unknown clock '$clock' in $results/clock" ;;
esac
guest=$(sed -n 's/^### guest: //p' "$results/guest.txt")
# The image booted, as vm-run.sh recorded it: build/obj/ARCH-FLAVOUR/...
kernel=$(awk '{ n = split($2, p, "/"); for (i = 1; i < n; i++) if (p[i] == "obj") print p[i + 1] }' "$results/kernel" 2>/dev/null || true)
{
	echo "pfnmap-mkwrite benchmark, $date"
	echo "host: $host; accelerator: $accel; clock: $clock_text"
	echo "guest: $guest; kernel: ${kernel:-unknown}"
	grep -m1 '^settings: ' "$results/guest.txt"
	echo
	awk -v clock="$clock" -f scripts/bench/rows.awk -f scripts/bench/summary.awk "$out.csv"
} >"$out.txt"

awk -v dir="$results" -f scripts/bench/rows.awk -f scripts/bench/plot-data.awk \
	"$out.csv"
# The plot has a panel per sweep: a partial run (BENCH_ARGS) gets none.
rm -f "$out.svg"
for t in cycle-pages cycle-maps paired-pages paired-maps wrprotect fb_defio; do
	if [ ! -f "$results/$t.dat" ] || [ "$(wc -l <"$results/$t.dat")" -lt 2 ]; then
		echo "bench-report: no plot, the run has no $t sweep"
		exit 0
	fi
done
gnuplot -e "dir='$results'; out='$out.svg'" \
	-e "subtitle='$date; host $host; guest $guest; $accel; clock: $clock'" \
	scripts/bench/plot.gp
