#!/bin/bash
# The new API's paired ratio to the floor, and the A/A control's, at each
# size: each run's median and the median of the runs (docs/benchmark.md).
#   docs/bench-v3/medians.sh [RUN.csv...]
# Default: the perf kernel's runs beside it, perf-run-*.csv; the plain
# (-Os) kernel's: docs/bench-v3/medians.sh docs/bench-v3/plain-run-*.csv
set -euo pipefail
[ $# -gt 0 ] || set -- "$(dirname "$0")"/perf-run-*.csv
awk -F, '
	FNR == 1 { nrun++ }
	$3 == "cycle_paired" && (($1 == "mkwrite" && $2 == "pages") || $1 == "return0_control") {
		size = $5 == 1 ? $4 " pages" : $5 " mappings"
		if (!(size in seen)) { seen[size] = 1; order[++n] = size }
		v[$1, size, nrun] = $6
	}
	function median(p, s,   a, i, j, t, k) {
		for (i = 1; i <= nrun; i++) a[i] = v[p, s, i]
		for (i = 1; i <= nrun; i++) for (j = i + 1; j <= nrun; j++)
			if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
		k = int((nrun + 1) / 2)
		return nrun % 2 ? a[k] : (a[k] + a[k + 1]) / 2
	}
	END {
		printf "%-14s", "size"
		for (i = 1; i <= nrun; i++) printf "  run %d ", i
		printf "  median  control\n"
		for (k = 1; k <= n; k++) {
			printf "%-14s", order[k]
			for (i = 1; i <= nrun; i++) printf "  %.4f", v["mkwrite", order[k], i]
			printf "  %.4f  %.4f\n", median("mkwrite", order[k]), median("return0_control", order[k])
		}
	}' "$@"
