# Shared settings for the harness scripts (sourced, not run).
# shellcheck shell=bash disable=SC2034
BUILD=${BUILD:-$PWD/build}
# BASE=1: the unpatched base, in a worktree of its own, to show that a
# regression guard is green without the series too.
if [ -n "${BASE:-}" ]; then
	TREE=$BUILD/linux-base
	VARIANT=-base
else
	TREE=$BUILD/linux
	VARIANT=
fi
BRANCH=main
# The version of the series in patches/ (git format-patch -v): v3 answers
# the second review of v2.  Its files are named vN-0000-cover-letter.patch, ...
SERIES_VERSION=3
SERIES_PREFIX=v$SERIES_VERSION-
[ "$SERIES_VERSION" != 1 ] || SERIES_PREFIX=
COVER=patches/${SERIES_PREFIX}0000-cover-letter.patch
BASE_VERSION=7.3.4-1~bpo13+1
BASE_DATE="2026-11-15T22:30:00Z"
CACHE=${PFNMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pfnmap-mkwrite}
BASE_DEB=$CACHE/linux-source-7.3_${BASE_VERSION}_all.deb
ARCH=${ARCH:-x86_64}
# make bench's results for $ARCH in build/results/: bench.*, or bench-ARCH.*
bench_name() { if [ "$ARCH" = x86_64 ]; then echo bench; else echo "bench-$ARCH"; fi; }
SPARSE=$CACHE/sparse-0.6.5~rc1/sparse
# The mm selftests that make check runs: the series' own, the project's own
# (tests/, built against the tree's headers, not sent upstream), and the
# upstream ones of the regression guard (the long ones not on the debug
# kernel).
SERIES_TESTS="pfnmap_mkwrite fb_defio"
PROJECT_TESTS="pfnmap_stress"
GUARD_TESTS="pfnmap mkdirty gup_longterm"
GUARD_TESTS_LONG="cow madv_populate mremap_test pagemap_ioctl guard-regions merge"

# The series' patches in order, without the cover letter (0010 is a patch).
series_patches() {
	local p

	shopt -s nullglob
	for p in patches/"$SERIES_PREFIX"[0-9][0-9][0-9][0-9]-*.patch; do
		[ "$p" = "$COVER" ] || echo "$p"
	done
}

die() {
	echo "$*" >&2
	exit 1
}
mkdir -p "$BUILD"

# The call sites in the tree's mm/memory.c where vmf_insert_pfn_mkwrite()'s
# misuse must warn, as "mm/memory.c:LINE": its WARN_ON_ONCE()s.
misuse_warning_sites() {
	awk '/^[a-z].*[ *]vmf_insert_pfn_mkwrite\(/ { api = 1 }
	     /^}/ { api = 0 }
	     api && /WARN_ON_ONCE\(/ { printf "mm/memory.c:%d\n", FNR }' "$TREE/mm/memory.c"
}
