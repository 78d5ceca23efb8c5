#!/bin/bash
# Regenerate patches/ from build/linux: base..main as git format-patch output
# with a cover letter and base-commit.  Deterministic: the same commits give
# the same files, versioned as SERIES_VERSION (scripts/common.sh) says.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
out=${1:-patches}

[ -d "$TREE/.git" ] || die "export: no $TREE; run 'make tree' first"
if [ "$out" = patches ] && [ -n "$(git -C "$TREE" status --porcelain)" ]; then
	echo "export: note: uncommitted changes in $TREE are not exported:" >&2
	git -C "$TREE" status --short >&2
fi
mkdir -p "$out"
rm -f "$out"/*.patch
[ -n "$(git -C "$TREE" rev-list base..HEAD)" ] || exit 0
# The cover letter is from the author of the newest commit and dated like
# it, so that it does not depend on who exports, or when.
GIT_COMMITTER_DATE=$(git -C "$TREE" log -1 --format=%aI) \
GIT_COMMITTER_NAME=$(git -C "$TREE" log -1 --format=%an) \
GIT_COMMITTER_EMAIL=$(git -C "$TREE" log -1 --format=%ae) \
git -C "$TREE" -c core.abbrev=12 format-patch -q --zero-commit --cover-letter --cover-from-description=subject \
	--base=base -v "$SERIES_VERSION" -o "$(realpath "$out")" base..HEAD
