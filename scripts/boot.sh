# One guest boot, the way every target boots (sourced after common.sh and
# arch.sh).
#
#   boot NAME RESULT_DIR [VM-RUN OPTION...] [-- FILE...] <GUEST_COMMANDS
#
# Writes RESULT_DIR/run.sh (scripts/guest-lib.sh's helpers, then the
# commands on stdin) and RESULT_DIR/suites (the suites its "suite" lines
# run, which must all report), records RESULT_DIR in the file $BOOTS names
# (the boots a summary counts; none if BOOTS is unset), and runs
# scripts/vm-run.sh with the options (-t, -w, -m, -q, -i) and FILEs, which
# go to /extra beside guest-lib.sh.  Returns vm-run.sh's status.
# shellcheck shell=bash

boot() { # name dir [option...] [-- file...]
	local name=$1 dir=$2 opts=() files=()

	shift 2
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	[ $# -eq 0 ] || { shift; files=("$@"); }
	boot_record "$dir" || die "boot: cannot record $dir in $BOOTS"
	mkdir -p "$dir"
	{ echo ". /extra/guest-lib.sh"; cat; } >"$dir/run.sh"
	{ grep -o '^suite [^ ]*' "$dir/run.sh" || true; } | cut -d' ' -f2 >"$dir/suites"
	echo "boot: $name, $ARCH $FLAVOUR$VARIANT kernel, results in $dir"
	scripts/vm-run.sh "${opts[@]}" "$dir/run.sh" "$dir" scripts/guest-lib.sh "${files[@]}"
}

# Record DIR as a boot of this run, once: a boot planned but never run
# (its program did not build, say) then fails the summary.
boot_record() { # dir
	[ -n "${BOOTS:-}" ] || return 0
	mkdir -p "$(dirname "$BOOTS")" || return 1
	grep -qxF "$1" "$BOOTS" 2>/dev/null || echo "$1" >>"$BOOTS"
}

# The closing summary of the boots recorded in $BOOTS.
summarize_boots() {
	local dirs=()

	[ ! -f "$BOOTS" ] || mapfile -t dirs <"$BOOTS"
	scripts/summarize.sh "${dirs[@]}"
}
