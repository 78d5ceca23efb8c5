#!/bin/bash
# Split guests' output into one TAP file per suite and count the results.
#   summarize.sh RESULT_DIR...
# Suites are delimited by "### suite NAME" and "### end NAME rc=N" lines.
# Prints one line per suite and the closing "N passed, N failed, N skipped";
# exits non-zero if anything failed or no test ran.
set -euo pipefail
for d in "$@"; do touch "$d/guest.out"; done
awk -v dirlist="$*" '
	BEGIN { ndirs = split(dirlist, dirs, " ") }
	FNR == 1 { dir = FILENAME; sub(/\/[^\/]*$/, "", dir) }
	{ sub(/\r$/, "") }
	/^### suite / { name = $3; file = dir "/" name ".tap"; printf "" > file;
			label = dir; sub(/^.*\/results\//, "", label)
			name = label ": " name; names[++n] = name; next }
	/^### end / { split($4, a, "="); rc[name] = a[2]; close(file); name = ""; next }
	name == "" { next }
	{ print > file }
	/^(not )?ok [0-9]+/ {
		if ($0 ~ /# (SKIP|skip)/) skip[name]++
		else if ($0 ~ /^not ok/ && $0 !~ /# (XFAIL|TODO)/) fail[name]++
		else pass[name]++
	}
	END {
		for (i = 1; i <= n; i++) {
			s = names[i]
			if (!(s in rc)) { fail[s]++; note = " (no end marker: crashed or hung)" }
			else if (rc[s] != 0 && rc[s] != 4 && !fail[s]) { fail[s]++; note = " (exit " rc[s] ")" }
			else note = ""
			printf "%-42s %3d passed, %3d failed, %3d skipped%s\n", s, pass[s], fail[s], skip[s], note
			P += pass[s]; F += fail[s]; S += skip[s]
		}
		for (d = 1; d <= ndirs; d++)
			while ((getline line < (dirs[d] "/vm-failures")) > 0) {
				printf "%-42s FAILED: %s (%s)\n", "vm", line, dirs[d]
				F++
			}
		if (n == 0) { print "no suite ran"; F++ }
		printf "%d passed, %d failed, %d skipped\n", P, F, S
		exit (F > 0 || P == 0)
	}' "${@/%//guest.out}"
