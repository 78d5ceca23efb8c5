#!/bin/bash
# Exit non-zero, and say what differs, when build/linux holds commits or
# edits that patches/ does not.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

[ -d "$TREE/.git" ] || { echo "tree-status: no $TREE"; exit 0; }
dirty=$(git -C "$TREE" status --porcelain)
if [ -n "$dirty" ]; then
	echo "tree-status: uncommitted edits in $TREE:"
	echo "$dirty" | head -20
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
scripts/export.sh "$tmp"
if ! diff -r -q -x series patches "$tmp" >/dev/null 2>&1; then
	echo "tree-status: $TREE differs from patches/ (commits not exported):"
	diff -r -q -x series patches "$tmp" | sed "s|$tmp|build/linux|" | head -20
	exit 1
fi
echo "tree-status: $TREE matches patches/"
