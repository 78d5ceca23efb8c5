#!/bin/bash
# checkpatch --strict over patches/, kernel-doc over the C files the series
# touches, shellcheck over the harness.  Exits non-zero on any finding.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

# checkpatch runs scripts/spdxcheck.py, which needs the system python3-ply.
export PATH=/usr/bin:$PATH
rc=0
shopt -s nullglob
series=(patches/[0-9][0-9][0-9][1-9]-*.patch)
[ -d "$TREE/.git" ] || die "lint: no $TREE; run 'make tree' first"

echo "lint: checkpatch --strict (${#series[@]} patches)"
for p in "${series[@]}"; do
	out=$("$TREE/scripts/checkpatch.pl" --strict --quiet --no-summary \
		--root="$TREE" "$p" 2>&1) || { echo "$p:"; echo "$out"; rc=1; }
done

files=$(git -C "$TREE" diff --name-only --diff-filter=AM base HEAD -- '*.c' '*.h')
echo "lint: kernel-doc -Wall ($(wc -w <<<"$files") files)"
for f in $files; do
	out=$(cd "$TREE" && scripts/kernel-doc -Wall -none "$f" 2>&1)
	[ -z "$out" ] || { echo "$out"; rc=1; }
done

echo "lint: shellcheck"
shellcheck -x scripts/*.sh .ci/run || rc=1
[ $rc -eq 0 ] && echo "lint: clean"
exit $rc
