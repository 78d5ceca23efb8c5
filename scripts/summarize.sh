#!/bin/bash
# Split guests' output into one TAP file per suite and count the results.
#   summarize.sh RESULT_DIR...
# Suites are delimited by "### suite NAME" and "### end NAME rc=N" lines; a
# RESULT_DIR ends in ARCH-FLAVOUR/BOOT, and its file "suites" (if any) names
# the suites that must report.  Prints one line per suite and the closing
# "N passed, N failed, N skipped" (and the screen check's rounds, pixels
# compared and mismatches, when it ran); exits non-zero if anything failed or no
# test ran.  A suite fails, besides on a "not ok", when it has no end marker
# (crashed or hung), no plan, a plan its results do not match, an exit code
# other than 0, or no case passed; a skip fails unless scripts/expected-skips
# lists it (the cases of the upstream suites, GUARD_TESTS, skip freely).  A
# "not ok" fails whatever directive follows it.  An upstream suite fails
# when it passes fewer cases than the unpatched base did in the same boot
# (scripts/upstream-baseline, written by make check-base).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
# A boot that never ran has no directory, or no guest output: say so.
for d in "$@"; do
	mkdir -p "$d"
	[ -f "$d/guest.out" ] || echo "the boot never ran" >>"$d/vm-failures"
	touch "$d/guest.out" "$d/suites"
done
baseline=${UPSTREAM_BASELINE:-scripts/upstream-baseline}
awk -v upstream=" $GUARD_TESTS $GUARD_TESTS_LONG " -v dirlist="$*" -v baseline="$baseline" '
	BEGIN { ndirs = split(dirlist, dirs, " ") }
	function label_of(path,   n, p) {
		n = split(path, p, "/")
		return p[n - 2] "/" p[n - 1]
	}
	function glob(s) {
		gsub(/[.+?()|^$\[\]{}]/, "\\\\&", s)
		gsub(/\*/, ".*", s)
		return "^" s "$"
	}
	# Whether the expected-skips list allows case c (or "-": the whole
	# suite) of suite s to skip in the boot of label l.
	function allowed(l, s, c,   i) {
		for (i = 1; i <= nexp; i++)
			if (s ~ exp_suite_re[i] && l ~ exp_label[i] && c ~ exp_case[i])
				return 1
		return 0
	}
	function problem(s, what) {
		fail[s]++
		note[s] = note[s] " (" what ")"
	}
	FILENAME ~ /expected-skips$/ {
		if (/^[ \t]*(#|$)/)
			next
		nexp++
		exp_label[nexp] = glob($1); exp_suite_re[nexp] = glob($2); exp_case[nexp] = glob($3)
		next
	}
	# "LABEL SUITE PASSED": what the base passed (scripts/upstream-baseline).
	FILENAME == baseline {
		if (!/^[ \t]*(#|$)/)
			base_pass[$1 ": " $2] = $3
		next
	}
	FILENAME ~ /\/suites$/ {
		l = label_of(FILENAME)
		if (NF)
			want[l ": " $1] = 1
		next
	}
	FNR == 1 { dir = FILENAME; sub(/\/[^\/]*$/, "", dir); label = label_of(FILENAME) }
	{ sub(/\r$/, "") }
	/^### suite / { s = label ": " $3; file = dir "/" $3 ".tap"; printf "" > file
			suite_label[s] = label; suite_name[s] = $3; names[++n] = s
			next }
	/^### end / { split($4, a, "="); rc[s] = a[2]; close(file); s = ""; next }
	s == "" { next }
	{ print > file }
	/^1\.\.[0-9]+/ && !(s in plan) {
		plan[s] = substr($1, 4) + 0
		if (plan[s] == 0 && /# *SKIP/)
			whole_skip[s] = 1
	}
	# The screen check (scripts/fbscreen.sh) closes with its counts.
	/^# totals: [0-9]+ rounds, [0-9]+ pixels compared, [0-9]+ mismatches/ {
		rounds += $3; pixels += $5; mismatches += $8
		note[s] = note[s] " (" substr($0, 11) ")"
	}
	# A "not ok" fails whatever directive follows it.  An "ok" with
	# TODO or XFAIL is no pass: a skip for the upstream suites, a
	# failure for those of the series.
	/^(not )?ok [0-9]+/ {
		results[s]++
		c = ($1 == "ok") ? $3 : $4
		is_upstream = index(upstream, " " suite_name[s] " ") > 0
		if ($1 == "not") {
			fail[s]++
		} else if ($0 ~ /# (SKIP|skip)/) {
			skip[s]++
			if (!is_upstream && !allowed(suite_label[s], suite_name[s], c))
				problem(s, "unexpected skip: " c)
		} else if ($0 ~ /# (TODO|todo|XFAIL|xfail|XPASS|xpass)/) {
			if (is_upstream)
				skip[s]++
			else
				problem(s, "a directive that is no pass: " c)
		} else {
			pass[s]++
		}
	}
	END {
		for (i = 1; i <= n; i++) {
			s = names[i]
			seen[s] = 1
			ran = results[s] + 0
			if (!(s in rc))
				problem(s, "no end marker: crashed or hung")
			else if (!(s in plan))
				problem(s, "no TAP plan")
			else if (whole_skip[s] || (rc[s] == 4 && !pass[s] && !fail[s])) {
				# The whole suite skipped: a skip of its own.
				if (!ran)
					skip[s]++
				if (!allowed(suite_label[s], suite_name[s], "-"))
					problem(s, "the whole suite skipped, exit " rc[s])
			} else {
				if (plan[s] != ran)
					problem(s, "plan 1.." plan[s] ", " ran " results")
				if (rc[s] != 0 && !fail[s])
					problem(s, "exit " rc[s])
				if (!pass[s] && !fail[s])
					problem(s, "no case passed")
			}
			if ((s in base_pass) && pass[s] < base_pass[s] + 0)
				problem(s, "the base passed " base_pass[s])
			printf "%-42s %3d passed, %3d failed, %3d skipped%s\n", s,
			       pass[s], fail[s], skip[s], note[s]
			P += pass[s]; F += fail[s]; S += skip[s]
		}
		for (s in want)
			if (!(s in seen)) {
				printf "%-42s FAILED: never reported\n", s
				F++
			}
		for (d = 1; d <= ndirs; d++)
			while ((getline line < (dirs[d] "/vm-failures")) > 0) {
				printf "%-42s FAILED: %s (%s)\n", "vm", line, dirs[d]
				F++
			}
		if (n == 0) { print "no suite ran"; F++ }
		printf "%d passed, %d failed, %d skipped", P, F, S
		if (rounds)
			printf " (screens: %d rounds, %.0f pixels compared, %.0f mismatches)",
			       rounds, pixels, mismatches
		printf "\n"
		exit (F > 0 || P == 0)
	}' scripts/expected-skips "$baseline" \
	"${@/%//suites}" "${@/%//guest.out}"
