#!/bin/bash
# Put the output of the last make run (build/results/run/output.txt) into
# README.md, between its "make run output" markers: the README's result
# block is a run's, never typed.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
out=$BUILD/results/run/output.txt
[ -s "$out" ] || die "readme-run: no $out; run 'make run' first"
grep -q '^run: every check as expected' "$out" || die "readme-run: the last make run failed"
awk -v out="$out" '
	/^<!-- make run output: begin -->$/ {
		print
		print "```"
		while ((getline line < out) > 0)
			print line
		print "```"
		skip = 1
		next
	}
	/^<!-- make run output: end -->$/ { skip = 0 }
	!skip' README.md >"$BUILD/README.md"
mv "$BUILD/README.md" README.md
echo "readme-run: README.md has the make run of $(date -r "$out" -u +%Y-%m-%dT%H:%MZ)"
