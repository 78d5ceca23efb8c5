#!/bin/bash
# Lay out build/linux as a git repository: the pinned base as one commit
# (tagged "base"), then the submissions of patches/series in order, each
# ending at a branch of its name (its cover letter is the branch
# description), all of them on main.  Refuses to run over work that
# patches/ does not hold.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

if [ -d "$TREE/.git" ]; then
	if ! status=$(scripts/tree-status.sh 2>&1); then
		echo "$status" >&2
		die "tree: $TREE holds work that patches/ does not; run 'make export' and commit it, or remove $TREE yourself"
	fi
	echo "tree: $TREE matches patches/, re-applying the series"
	git -C "$TREE" am --abort >/dev/null 2>&1 || true
	git -C "$TREE" checkout -q -B "$BRANCH" base
	git -C "$TREE" reset -q --hard base
else
	scripts/fetch-base.sh
	echo "tree: unpacking the base into $TREE"
	tmp=$(mktemp -d "$BUILD/unpack.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	dpkg-deb --fsys-tarfile "$BASE_DEB" | tar -x -C "$tmp" ./usr/src/linux-source-7.3.tar.xz
	mkdir -p "$TREE"
	tar -xJf "$tmp/usr/src/linux-source-7.3.tar.xz" -C "$TREE" --strip-components=1
	# Debian ignores everything at the top ("/*"); upstream does not.
	sed -i '/^\/\*$/d' "$TREE/.gitignore"
	git -C "$TREE" init -q -b "$BRANCH"
	git -C "$TREE" add -A
	# Fixed identity and dates: the same base commit on every machine.
	GIT_AUTHOR_DATE="$BASE_DATE" GIT_COMMITTER_DATE="$BASE_DATE" \
		git -C "$TREE" -c user.name="Debian linux-source-7.3" \
		-c user.email=linux-source-7.3@base.invalid \
		commit -q -m "Linux $BASE_VERSION (Debian linux-source-7.3)"
	git -C "$TREE" tag base
fi

# git am needs a committer: the project's git identity, as for sign-offs.
for key in user.name user.email; do
	git -C "$TREE" config "$key" >/dev/null ||
		git -C "$TREE" config "$key" "$(git config "$key" || echo pfnmap-mkwrite)"
done
# git am drops what a patch has below its "---" (its changelog, kept there
# as reviewers expect it): put it back at the end of the commit message,
# behind a "---" line, where format-patch puts it out again.
changelog() { # patch file
	awk '/^---$/ { if (++cut == 2) exit; next }
	     cut == 1 && !started && (/^ .*\|/ || /^diff --git /) { exit }
	     cut == 1 { started = 1; print }' "$1"
}
# A rebase of main moves the submissions' branches with it.
git -C "$TREE" config rebase.updateRefs true
last=$(submissions | tail -1 | cut -d' ' -f1)
mapfile -t subs < <(submissions)
n=0
for sub in "${subs[@]}"; do
	read -r dir _ <<<"$sub"
	mapfile -t series < <(submission_patches "$dir")
	for p in "${series[@]}"; do
		git -C "$TREE" am -q --committer-date-is-author-date "$PWD/$p"
		n=$((n + 1))
		log=$(changelog "$p")
		[ -n "$log" ] || continue
		msg=$(git -C "$TREE" log -1 --format=%B)
		printf '%s\n---\n%s\n' "$msg" "$log" |
			GIT_COMMITTER_DATE=$(git -C "$TREE" log -1 --format=%aI) \
			git -C "$TREE" commit -q --amend --cleanup=verbatim -F -
	done
	# The last submission ends at main itself.
	[ "$dir" = "$last" ] || git -C "$TREE" branch -f "$dir" HEAD
	cover=$(find "patches/$dir" -name '*0000-cover-letter.patch' | head -1)
	if [ -n "$cover" ]; then
		branch=$dir
		[ "$dir" != "$last" ] || branch=$BRANCH
		git -C "$TREE" config "branch.$branch.description" \
			"$(scripts/cover-letter.sh read <"$cover")"
	fi
done
echo "tree: $TREE at $(git -C "$TREE" log --oneline -1) ($n patches)"
