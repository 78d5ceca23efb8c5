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
# build/linux's branch with every submission applied; each submission also
# has a branch of its own name that ends it (patches/series).
BRANCH=main
SERIES_FILE=patches/series
BASE_VERSION=7.3.4-1~bpo13+1
BASE_DATE="2026-11-15T22:30:00Z"
CACHE=${PFNMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pfnmap-mkwrite}
BASE_DEB=$CACHE/linux-source-7.3_${BASE_VERSION}_all.deb
ARCH=${ARCH:-x86_64}
# make bench's results for $ARCH in build/results/: bench.*, or bench-ARCH.*;
# with BENCH_CLOCK=icount, bench-icount.* or bench-ARCH-icount.*
bench_name() {
	local name=bench

	[ "$ARCH" = x86_64 ] || name+=-$ARCH
	[ "${BENCH_CLOCK:-host}" = host ] || name+=-$BENCH_CLOCK
	echo "$name"
}
SPARSE=$CACHE/sparse-0.6.5~rc1/sparse
# The mm selftests that make check runs: the series' own, the project's own
# (tests/, built against the tree's headers, not sent upstream), and the
# upstream ones of the regression guard (the long ones not on the debug
# kernel).
SERIES_TESTS="pfnmap_mkwrite fb_defio"
PROJECT_TESTS="pfnmap_stress"
GUARD_TESTS="pfnmap mkdirty gup_longterm"
GUARD_TESTS_LONG="cow madv_populate mremap_test pagemap_ioctl guard-regions merge"

# The submissions of patches/series, in order, one per line:
# "DIR VERSION APPLIES-ON...".
submissions() {
	grep -v '^#' "$SERIES_FILE" | grep -v '^[[:space:]]*$'
}

# The patches of submission DIR in order, without its cover letter.
submission_patches() { # dir
	local p

	shopt -s nullglob
	for p in "patches/$1"/*.patch; do
		case "$p" in *-0000-cover-letter.patch | */0000-cover-letter.patch) ;; *) echo "$p" ;; esac
	done
}

# Every patch of every submission, in the order make tree applies them.
series_patches() {
	local dir rest

	while read -r dir rest; do
		submission_patches "$dir"
	done < <(submissions)
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

# The recipients of a submission, one per line, as git send-email takes
# them: "to" the maintainers that get_maintainer.pl names for its patch
# files, "cc" its reviewers and lists, and stable@ where a patch is tagged
# for stable.
recipients() { # to|cc patch...
	local kind=$1 opts=(--no-git --no-git-fallback --no-fixes --no-rolestats)

	shift
	if [ "$kind" = to ]; then
		opts+=(--m --no-r --no-l)
	else
		opts+=(--no-m --r --l)
	fi
	(cd "$TREE" && perl scripts/get_maintainer.pl "${opts[@]}" "$@")
	if [ "$kind" = cc ] && grep -q '^Cc: stable@vger.kernel.org' "$@"; then
		echo stable@vger.kernel.org
	fi
}
