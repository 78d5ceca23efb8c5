#!/bin/bash
# Regenerate patches/ from build/linux: each submission of patches/series
# as git format-patch output in a directory of its own, from the end of the
# one before it to its branch, with a cover letter (from the branch
# description) where it has more than one patch, its base-commit, and the
# To:/Cc: that scripts/get_maintainer.pl gives for it.  Deterministic: the
# same commits give the same files.
#
#   export.sh [OUT]      (default: patches)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
out=${1:-patches}

[ -d "$TREE/.git" ] || die "export: no $TREE; run 'make tree' first"
if [ "$out" = patches ] && [ -n "$(git -C "$TREE" status --porcelain)" ]; then
	echo "export: note: uncommitted changes in $TREE are not exported:" >&2
	git -C "$TREE" status --short >&2
fi
out=$(realpath -m "$out")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The cover letters are from the author of the newest commit and dated like
# it, so that they do not depend on who exports, or when.
export GIT_COMMITTER_DATE GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
GIT_COMMITTER_DATE=$(git -C "$TREE" log -1 --format=%aI "$BRANCH")
GIT_COMMITTER_NAME=$(git -C "$TREE" log -1 --format=%an "$BRANCH")
GIT_COMMITTER_EMAIL=$(git -C "$TREE" log -1 --format=%ae "$BRANCH")
format() { # dir from to options...
	local dir=$1 from=$2 to=$3

	shift 3
	git -C "$TREE" -c core.abbrev=12 format-patch -q --zero-commit \
		--base=base -o "$dir" "$@" "$from..$to"
}

from=base
last=$(submissions | tail -1 | cut -d' ' -f1)
while read -r dir version _; do
	# The last submission ends at main, where work is committed.
	branch=$dir
	[ "$dir" != "$last" ] || branch=$BRANCH
	git -C "$TREE" rev-parse -q --verify "refs/heads/$branch" >/dev/null ||
		die "export: no branch $branch in $TREE (patches/series names it); run 'make tree'"
	nr=$(git -C "$TREE" rev-list --count "$from..$branch")
	rm -rf "${out:?}/$dir"
	mkdir -p "$out/$dir"
	if [ "$version" = - ]; then
		# Never sent: no version, cover letter or recipients.
		[ "$nr" -eq 0 ] || format "$out/$dir" "$from" "$branch"
		from=$branch
		continue
	fi
	opts=()
	[ "$version" = 1 ] || opts+=(-v "$version")
	[ "$nr" -le 1 ] || opts+=(--cover-letter --cover-from-description=subject)
	rm -rf "$tmp/plain"
	format "$tmp/plain" "$from" "$branch" "${opts[@]}"
	mapfile -t plain < <(find "$tmp/plain" -name '*.patch' ! -name '*0000-cover-letter.patch' | sort)
	while read -r r; do opts+=(--to="$r"); done < <(recipients to "${plain[@]}")
	while read -r r; do opts+=(--cc="$r"); done < <(recipients cc "${plain[@]}")
	format "$out/$dir" "$from" "$branch" "${opts[@]}"
	from=$branch
done < <(submissions)
