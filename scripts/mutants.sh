#!/bin/bash
# Build and boot deliberately broken kernels, the mutants of tests/mutants/,
# and check that the tests named in each catch it.
#
#   mutants.sh      MUTANTS="a b" picks some (default: all; a path names
#                   a patch elsewhere, to try it before adding it);
#                   MUTANT_REPEAT=N boots each N times (default 1)
#
# tests/mutants/NAME.patch is a git diff against the committed series (the
# branch main of build/linux: what is tested is what is committed, not the
# working tree), after header lines that git apply ignores:
#
#   Reason: fb_deferred_io_cleanup() leaves the user mappings in place
#   Boot: suite modules load_modules fb_defio_test
#   Boot: suite fb_defio ./fb_defio
#   Fails: fb_defio fb_defio.kmem.unplug
#   Crashes: no
#
# Boot: the guest's commands, a line each, with scripts/guest-lib.sh's
# helpers.  Fails: SUITE CASE, a TAP case of that suite that must be
# "not ok" (kselftest names cases FIXTURE.VARIANT.TEST).  Crashes: yes if a
# guest that crashes, hangs or reports a BUG or WARNING also catches it;
# otherwise that is a miss.  A mutant is caught when every boot of it
# caught it.  Results go to build/results/mutants/NAME (NAME-1, ... when
# repeated).  Ends with "mutants: N caught, N missed"; exits non-zero if a
# mutant was missed or did not apply or build.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
. scripts/arch.sh
. scripts/boot.sh

[ -z "$VARIANT" ] || die "mutants: mutants are of the series, not of the base"
repeat=${MUTANT_REPEAT:-1}
[[ "$repeat" =~ ^[1-9][0-9]*$ ]] || die "mutants: MUTANT_REPEAT=$repeat is not a count"
if [ -n "${MUTANTS:-}" ]; then
	read -ra patches <<<"$MUTANTS"
else
	patches=(tests/mutants/*.patch)
fi
results=$BUILD/results/mutants
mkdir -p "$results"

# The tests as make check has them: built from build/linux.
make --no-print-directory selftests

# The mutants' build directory is laid out like build/ (linux/, obj/), so
# the harness's scripts run there unchanged with BUILD pointing at it, and
# ccache, whose paths are relative to the O= directory, reuses build/obj's
# objects.  It shares build/'s selftests (both builds) and KVM verdict.
mbuild=$BUILD/mutant
wt=$mbuild/linux
mkdir -p "$mbuild"
for f in selftests kselftest kvm-verdict; do ln -sfn "../$f" "$mbuild/$f"; done
[ -e "$wt/.git" ] || git -C "$TREE" worktree add -f --detach "$wt" "$BRANCH" >/dev/null
head=$(git -C "$TREE" rev-parse "$BRANCH")

# The values of a patch's header lines FIELD:, one a line.
field() { # field, patch
	sed -n "/^diff --git /q; s/^$1: *//p" "$2"
}

# The named cases (SUITE CASE...) that did not fail in DIR's guest.out, as
# "CASE passed", "CASE skipped" or "CASE not reported".
not_failed() { # dir, "suite case"...
	local dir=$1 f suite case
	shift
	for f in "$@"; do
		read -r suite case <<<"$f"
		awk -v s="$suite" -v c="$case" '
			{ sub(/\r$/, "") }
			/^### suite / { here = ($3 == s); next }
			/^### end / { here = 0; next }
			here && /^ok [0-9]+ / && $3 == c { got = /# (SKIP|skip)/ ? "skipped" : "passed" }
			here && /^not ok [0-9]+ / && $4 == c { got = "failed" }
			END { if (got == "") got = "not reported"
			      if (got != "failed") print c " " got }' "$dir/guest.out"
	done
}

# Build a mutant and boot it $repeat times; print a verdict a boot (and the
# rate when repeated) and succeed if every boot caught it.
mutant() { # NAME or path
	local patch=$1 name=${1##*/}
	local reason crashes boots fails f log i dir label rc why missing n=0

	name=${name%.patch}
	[[ "$patch" = */* ]] || patch=tests/mutants/$name.patch
	[ -f "$patch" ] || { echo "mutant $name: missed: no $patch"; return 1; }
	patch=$(realpath "$patch")
	reason=$(field Reason "$patch")
	mapfile -t boots < <(field Boot "$patch")
	mapfile -t fails < <(field Fails "$patch")
	crashes=$(field Crashes "$patch")
	if [ -z "$reason" ] || [ ${#fails[@]} -eq 0 ] || [[ ! "$crashes" =~ ^(yes|no|)$ ]]; then
		echo "mutant $name: missed: its header needs Reason:, Boot:, Fails: (and Crashes: yes or no)"
		return 1
	fi
	for f in "${fails[@]}"; do
		printf '%s\n' "${boots[@]}" | grep -q "^suite ${f%% *} " ||
			{ echo "mutant $name: missed: no Boot: line runs the suite of 'Fails: $f'"; return 1; }
	done
	echo "mutant $name: $reason"

	git -C "$wt" reset -q --hard "$head"
	git -C "$wt" clean -fdq
	git -C "$wt" apply "$patch" ||
		{ echo "mutant $name: missed: does not apply to $BRANCH ($head)"; return 1; }
	log=$results/$name.build.log
	if ! { BUILD=$mbuild scripts/build-kernel.sh && BUILD=$mbuild scripts/mkinitramfs.sh; } >"$log" 2>&1; then
		tail -n 20 "$log" | sed 's/^/  | /'
		echo "mutant $name: missed: does not build ($log)"
		return 1
	fi

	for i in $(seq "$repeat"); do
		dir=$results/$name label=$name
		[ "$repeat" -eq 1 ] || { dir=$results/$name-$i; label=$name-$i; }
		rm -rf "$dir"
		mkdir -p "$dir"
		rc=0
		printf '%s\n' "${boots[@]}" | BUILD=$mbuild boot "mutant $label" "$dir" \
			>"$dir/vm-run.log" 2>&1 || rc=$?
		why=$(head -n 1 "$dir/vm-failures" 2>/dev/null || true)
		[ "$rc" -eq 0 ] || [ -n "$why" ] || why="vm-run failed, see $dir/vm-run.log"
		missing=$(not_failed "$dir" "${fails[@]}")
		if [ "$rc" -ne 0 ] && [ "$crashes" = yes ]; then
			echo "mutant $label: caught (the guest: $why)"
		elif [ "$rc" -ne 0 ]; then
			echo "mutant $label: missed: the guest: $why"
			continue
		elif [ -z "$missing" ]; then
			echo "mutant $label: caught (${#fails[@]} of ${#fails[@]} cases failed)"
		else
			echo "mutant $label: missed: ${missing//$'\n'/, }"
			continue
		fi
		n=$((n + 1))
	done
	[ "$repeat" -eq 1 ] || echo "mutant $name: caught $n of $repeat"
	[ "$n" -eq "$repeat" ]
}

caught=0 missed=0
for patch in "${patches[@]}"; do
	if mutant "$patch"; then
		caught=$((caught + 1))
	else
		missed=$((missed + 1))
	fi
done
echo "mutants: $caught caught, $missed missed"
[ "$missed" -eq 0 ]
