#!/bin/bash
# Each submission of patches/series applies where it says and carries the
# recipients get_maintainer.pl names; checkpatch --strict over every patch,
# kernel-doc, W=1 and sparse over the C files the series touches, the
# harness's verdicts on made-up broken runs, shellcheck over the harness.
# Exits non-zero on any finding.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
. scripts/common.sh

# checkpatch runs scripts/spdxcheck.py, which needs the system python3-ply.
export PATH=/usr/bin:$PATH
rc=0
shopt -s nullglob
mapfile -t series < <(series_patches)
[ -d "$TREE/.git" ] || die "lint: no $TREE; run 'make tree' first"

echo "lint: checkpatch --strict (${#series[@]} patches)"
for p in "${series[@]}"; do
	# The base has no upstream history: Fixes: ids cannot be looked up.
	# New files need no MAINTAINERS line where an entry covers them:
	# checked below, instead of checkpatch's question.
	out=$(cd "$TREE" && scripts/checkpatch.pl --strict --quiet --no-summary \
		--ignore UNKNOWN_COMMIT_ID,FILE_PATH_CHANGES "$OLDPWD/$p" 2>&1) ||
		{ echo "$p:"; echo "$out"; rc=1; }
done

# A submission applies on the base and the submissions it names (and
# theirs), in the order of patches/series, and nothing else.
mapfile -t subs < <(submissions)
needs() { # dir: it and every submission it needs, transitively
	local sub dir on

	echo "$1"
	for sub in "${subs[@]}"; do
		read -r dir _ on <<<"$sub"
		[ "$dir" = "$1" ] || continue
		for dir in $on; do [ "$dir" = base ] || needs "$dir"; done
	done
}
echo "lint: each submission applies on what patches/series says"
check_tree=$BUILD/lint-apply
for sub in "${subs[@]}"; do
	read -r dir _ on <<<"$sub"
	want=$(needs "$dir" | sort -u)
	git -C "$TREE" worktree remove -f "$check_tree" >/dev/null 2>&1 || true
	git -C "$TREE" worktree add -f --detach "$check_tree" base >/dev/null 2>&1
	for s2 in "${subs[@]}"; do
		read -r d2 _ <<<"$s2"
		grep -qx "$d2" <<<"$want" || continue
		for p in $(submission_patches "$d2"); do
			git -C "$check_tree" am -q "$PWD/$p" >/dev/null 2>&1 ||
				{ echo "$p: does not apply on base + ${on}"; rc=1;
				  git -C "$check_tree" am --abort >/dev/null 2>&1; break 2; }
		done
	done
done
git -C "$TREE" worktree remove -f "$check_tree" >/dev/null 2>&1 || true

# To: and Cc: of every patch of a sent submission, as get_maintainer.pl
# gives them today (scripts/export.sh writes them).
headers() { # To|Cc patch: its addresses, one per line, sorted
	awk -v h="$1" '/^$/ { exit }
		/^[^ \t]/ { on = index($0, h ": ") == 1; if (on) sub("^" h ": ", "") }
		on { print }' "$2" | sed -E 's/^[[:space:]]+//; s/,$//' | sort
}
echo "lint: the recipients of each submission are get_maintainer.pl's"
for sub in "${subs[@]}"; do
	read -r dir version _ <<<"$sub"
	[ "$version" != - ] || continue
	mapfile -t ps < <(submission_patches "$dir")
	abs=("${ps[@]/#/$PWD/}")
	to=$(recipients to "${abs[@]}" | sort)
	cc=$(recipients cc "${abs[@]}" | sort)
	for p in patches/"$dir"/*.patch; do
		if [ "$(headers To "$p")" != "$to" ] || [ "$(headers Cc "$p")" != "$cc" ]; then
			echo "$p: To:/Cc: differ from get_maintainer.pl's; run 'make export'"
			rc=1
		fi
	done
done

new=$(git -C "$TREE" diff --name-only --diff-filter=A base HEAD)
echo "lint: a MAINTAINERS entry with a list for each new file ($(wc -w <<<"$new") files)"
for f in $new; do
	(cd "$TREE" && scripts/get_maintainer.pl --no-git --no-git-fallback -f "$f") |
		grep -q '@vger\.kernel\.org\|@kvack\.org\|@lists\.' ||
		{ echo "$f: no MAINTAINERS entry lists a mailing list for it"; rc=1; }
done

files=$(git -C "$TREE" diff --name-only --diff-filter=AM base HEAD -- '*.c' '*.h')
echo "lint: kernel-doc -Wall ($(wc -w <<<"$files") files; warnings the base has too aside)"
kdoc() { # file, as kernel-doc sees it on stdin
	(cd "$TREE" && scripts/kernel-doc -Wall -none "$1" 2>&1) |
		sed -E "s|^(Warning: )?[^ ]*:[0-9]+ |\1|" | sort -u
}
for f in $files; do
	new=$(kdoc "$f")
	if [ -n "$new" ] && git -C "$TREE" cat-file -e "base:$f" 2>/dev/null; then
		tmp=$(mktemp --suffix=."${f##*.}")
		git -C "$TREE" show "base:$f" >"$tmp"
		new=$(comm -23 <(echo "$new") <(kdoc "$tmp"))
		rm -f "$tmp"
	fi
	[ -z "$new" ] || { echo "$f:"; echo "$new"; rc=1; }
done

# W=1 and sparse over the kernel objects the series touches: no warning that
# the base does not have too (line numbers aside).
mapfile -t kobjs < <(grep -v '^tools/' <<<"$files" | grep '\.c$' | sed 's/\.c$/.o/')
warnings() { # tree, obj dir, objects...; fails if they do not build
	local tree=$1 obj=$2
	shift 2
	local out
	out=$(make -C "$tree" O="$obj" W=1 C=2 CHECK="$SPARSE" -j"$(nproc)" "$@" 2>&1) ||
		{ echo "$out" | tail -5; return 1; }
	{ grep -E 'warning:|error:|not available' <<<"$out" || true; } |
		sed -E "s|^$tree/||; s/:[0-9]+:[0-9]+:/:/" | sort -u
}
# They need the x86_64 plain kernel's configuration: without it, say so
# and fail rather than skip them.
if [ ${#kobjs[@]} -gt 0 ] && [ ! -f "$BUILD/obj/x86_64-plain/.config" ]; then
	echo "lint: W=1 and sparse need build/obj/x86_64-plain: run 'make kernel' first"
	rc=1
elif [ ${#kobjs[@]} -gt 0 ]; then
	echo "lint: W=1 C=2 (sparse) on ${kobjs[*]}"
	new=$(warnings "$TREE" "$BUILD/obj/x86_64-plain" "${kobjs[@]}") ||
		{ echo "$new"; new="error: the W=1 C=2 build failed"; }
	base_obj=$BUILD/obj/x86_64-plain-base
	if [ -n "$new" ] && [ ! -f "$base_obj/.config" ]; then
		# No base built here (make check-base): the base's tree and the
		# plain configuration, for these objects alone.
		[ -e "$BUILD/linux-base/.git" ] ||
			git -C "$TREE" worktree add -f --detach "$BUILD/linux-base" base >/dev/null 2>&1
		mkdir -p "$base_obj"
		cp "$BUILD/obj/x86_64-plain/.config" "$base_obj/.config"
		make -C "$BUILD/linux-base" O="$base_obj" -s olddefconfig >/dev/null
	fi
	if [ -n "$new" ]; then
		# What the base has too, object by object: the base's
		# configuration lacks the series' test drivers and what only
		# they select, so some do not build there (nothing to discount).
		old=$(for o in "${kobjs[@]}"; do
			git -C "$TREE" cat-file -e "base:${o%.o}.c" 2>/dev/null || continue
			w=$(warnings "$BUILD/linux-base" "$base_obj" "$o" 2>/dev/null) && echo "$w"
		done | sort -u)
		new=$(comm -23 <(echo "$new") <(echo "$old"))
	fi
	[ -z "$new" ] || { echo "$new"; rc=1; }
fi

# vmwgfx builds for arm64 too: its objects there, in a configuration of
# their own (the arm64 test kernel's, with PCI and DRM), with no warning at
# all.
mapfile -t vobjs < <(grep '^drivers/gpu/drm/vmwgfx/.*\.c$' <<<"$files" | sed 's/\.c$/.o/')
arm64_obj=$BUILD/obj/arm64-vmwgfx
arm64_make=(make -C "$TREE" O="$arm64_obj" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-
	    CC="ccache aarch64-linux-gnu-gcc" -j"$(nproc)")
if [ ${#vobjs[@]} -gt 0 ] && [ ! -f "$BUILD/obj/arm64-plain/.config" ]; then
	echo "lint: vmwgfx on arm64 needs build/obj/arm64-plain: run 'make kernel ARCH=arm64' first"
	rc=1
elif [ ${#vobjs[@]} -gt 0 ]; then
	echo "lint: W=1 C=2 (sparse) for arm64 on ${vobjs[*]}"
	mkdir -p "$arm64_obj"
	{ cat "$BUILD/obj/arm64-plain/.config"
	  printf 'CONFIG_PCI=y\nCONFIG_DRM=m\nCONFIG_DRM_VMWGFX=m\n'; } >"$arm64_obj/.config"
	out=$({ "${arm64_make[@]}" -s olddefconfig && "${arm64_make[@]}" -s modules_prepare &&
		"${arm64_make[@]}" W=1 C=2 CHECK="$SPARSE" "${vobjs[@]}"; } 2>&1) ||
		{ echo "$out" | tail -5; rc=1; }
	# The arm64 tree's own warnings (its vdso's, say) are not ours.
	if grep -E '(drivers/gpu/drm/vmwgfx/[^ ]*|^[^/]*):[0-9]+:[0-9]+: (warning|error):' <<<"$out"; then rc=1; fi
fi

echo "lint: the harness's verdicts on broken runs (scripts/summarize-selftest.sh)"
out=$(scripts/summarize-selftest.sh 2>&1) || { echo "$out"; rc=1; }

echo "lint: make run's report on saved and broken output (scripts/run-report-selftest.sh)"
out=$(scripts/run-report-selftest.sh 2>&1) || { echo "$out"; rc=1; }

echo "lint: the bench summary's target check (scripts/bench-target-selftest.sh)"
out=$(scripts/bench-target-selftest.sh 2>&1) || { echo "$out"; rc=1; }

echo "lint: the boots the summaries count (scripts/boot-selftest.sh)"
out=$(scripts/boot-selftest.sh 2>&1) || { echo "$out"; rc=1; }

echo "lint: shellcheck"
shellcheck -x scripts/*.sh scripts/arch/*.sh docs/bench-v3/medians.sh .ci/run || rc=1
[ $rc -eq 0 ] && echo "lint: clean"
exit $rc
