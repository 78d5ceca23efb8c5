#!/bin/bash
# make check on every architecture in ARCHES (x86_64 arm64 arm), then the
# closing line of each and one of all.  Exits non-zero if any failed.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

read -ra arches <<<"${ARCHES:-x86_64 arm64 arm}"
dirs=()
for a in "${arches[@]}"; do
	ARCH=$a . scripts/arch.sh
	read -ra flavours <<<"${FLAVOURS:-$DEFAULT_FLAVOURS}"
	# No stale results: a failed build leaves none.
	rm -f "$BUILD/results/summary-$a.txt" "$BUILD/results/boots-$a.txt"
	for f in "${flavours[@]}"; do rm -rf "$BUILD/results/$a-$f$VARIANT"; done
	make --no-print-directory check ARCH="$a" || true
	# The boots check.sh ran or planned; none if it never got that far.
	[ ! -f "$BUILD/results/boots-$a.txt" ] ||
		mapfile -t -O "${#dirs[@]}" dirs <"$BUILD/results/boots-$a.txt"
done
echo
rc=0
for a in "${arches[@]}"; do
	line=$(tail -n 1 "$BUILD/results/summary-$a.txt" 2>/dev/null) || line=
	[ -n "$line" ] || { line="no results (the build failed)"; rc=1; }
	printf '%-8s %s\n' "$a:" "$line"
done
printf '%-8s ' "all:"
scripts/summarize.sh "${dirs[@]}" | tail -n 1 || rc=1
exit "$rc"
