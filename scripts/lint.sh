#!/bin/bash
# checkpatch --strict over patches/, kernel-doc over the C files the series
# touches, shellcheck over the harness.  Exits non-zero on any finding.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
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

# W=1 and sparse over the kernel objects the series touches: no warning that
# the base does not have too (line numbers aside).
mapfile -t kobjs < <(grep -v '^tools/' <<<"$files" | grep '\.c$' | sed 's/\.c$/.o/')
warnings() { # tree, obj dir, objects...
	local tree=$1 obj=$2
	shift 2
	make -C "$tree" O="$obj" W=1 C=1 -j"$(nproc)" "$@" 2>&1 |
		grep -E 'warning:|error:' | sed -E 's/:[0-9]+:[0-9]+:/:/' | sort -u
}
if [ ${#kobjs[@]} -gt 0 ] && [ -f "$BUILD/obj/x86_64-plain/.config" ]; then
	echo "lint: W=1 C=1 on ${kobjs[*]}"
	new=$(warnings "$TREE" "$BUILD/obj/x86_64-plain" "${kobjs[@]}")
	if [ -n "$new" ] && [ -f "$BUILD/obj/x86_64-plain-base/.config" ]; then
		mapfile -t base_objs < <(cd "$BUILD/linux-base" &&
			for o in "${kobjs[@]}"; do [ ! -f "${o%.o}.c" ] || echo "$o"; done)
		old=$(warnings "$BUILD/linux-base" "$BUILD/obj/x86_64-plain-base" "${base_objs[@]}")
		new=$(comm -23 <(echo "$new") <(echo "$old"))
	fi
	[ -z "$new" ] || { echo "$new"; rc=1; }
fi

echo "lint: shellcheck"
shellcheck -x scripts/*.sh .ci/run || rc=1
[ $rc -eq 0 ] && echo "lint: clean"
exit $rc
