#!/bin/bash
# Boot the test kernels and run the suites; results in $BUILD/results.
#
#   check.sh [FLAVOUR...]      (default: $FLAVOURS, or the architecture's)
#
# Two boots per flavour, four on x86_64: "main" runs the series' own suite
# and the upstream mm suites of the regression guard (the short ones only on
# the debug flavour, where KASAN makes the long ones take minutes);
# "misuse" loads pfnmap_test with misuse=1 and runs only the injected
# faults, among them the ones that call vmf_insert_pfn_mkwrite() wrongly,
# where its one-time warnings are required and any other report fails the
# run; on x86_64 "virtio-gpu" and "bochs" write patterns through a real
# driver's /dev/fb0 and compare the screen (scripts/fbscreen.sh).  One
# closing line counts everything.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

. scripts/arch.sh
# VM_KERNEL boots another kernel than the one built here: not a check.
[ -z "${VM_KERNEL:-}" ] || die "check: VM_KERNEL is set ($VM_KERNEL); make check tests the kernels it builds"
read -ra flavours <<<"${*:-${FLAVOURS:-$DEFAULT_FLAVOURS}}"
for FLAVOUR in "${flavours[@]}"; do
	make --no-print-directory initramfs FLAVOUR="$FLAVOUR"
done
. scripts/boot.sh
# The boots of this check, for the summary and check-all.sh's closing line.
export BOOTS=$BUILD/results/boots-$ARCH$VARIANT.txt
rm -f "$BOOTS"
for FLAVOUR in "${flavours[@]}"; do
	. scripts/arch.sh
	results=$BUILD/results/$ARCH-$FLAVOUR$VARIANT
	rm -rf "$results"
	guard="$GUARD_TESTS $GUARD_TESTS_LONG"
	[ "$FLAVOUR" != debug ] || guard=$GUARD_TESTS

	series_main=
	if [ -z "$VARIANT" ]; then
		# The race cases again, with fb_defio's ->page_mkwrite window
		# held open 20 ms (the proof patch's knob): without the page
		# lock in the worker, the vmalloc framebuffer loses every time.
		knob=/sys/module/fb_defio_test/parameters/mkwrite_delay_us
		FB_DEFIO_WINDOW="echo 20000 >$knob && ./fb_defio -t race; rc=\$?; echo 0 >$knob; exit \$rc"
		series_main="suite modules load_modules pfnmap_test fb_defio_test
suite block_fs block_fs
suite pfnmap_mkwrite env TMPDIR=/mnt/disk ./pfnmap_mkwrite
suite pfnmap_stress ./pfnmap_stress
suite fb_defio ./fb_defio
suite fb_defio_window sh -c '$FB_DEFIO_WINDOW'"
		# The series' category as kselftest users run it; it loads and
		# unloads the modules itself.
		! kselftest_install_here || series_main+="
suite run_vmtests_pfnmap sh -c 'cd /kselftest/mm && ./run_vmtests.sh -t pfnmap'"
	fi
	# The upstream suites of the regression guard; those that cannot run
	# here report a skip that scripts/expected-skips must allow.
	guard_main=$(for t in $guard; do
		case " $GUARD_NOT_HERE " in
		*" $t "*) echo "suite $t echo '1..0 # SKIP not run on $ARCH (scripts/arch/$ARCH.sh says why)'" ;;
		*) echo "suite $t ./$t" ;;
		esac
	done)
	# CHECK_EXTRA: guest commands appended to the main boot, to try the
	# harness itself (a failing test, a kernel warning, a hang).
	boot main "$results/main" <<<"$series_main
$guard_main
${CHECK_EXTRA:-}" || true

	# The base has no series: only the regression guard.
	if [ -z "$VARIANT" ]; then
		mapfile -t sites < <(misuse_warning_sites)
		[ ${#sites[@]} -gt 0 ] || die "check: no misuse warning sites in $TREE/mm/memory.c"
		# Only the expected sites may warn.
		allowed="WARNING: ([^ ]*/)?($(IFS='|'; echo "${sites[*]//./\\.}")) at "
		boot misuse "$results/misuse" -w "$allowed" <<GUEST || true
suite modules load_modules "pfnmap_test misuse=1"
suite pfnmap_mkwrite_misuse ./pfnmap_mkwrite -f pfnmap_inject
suite misuse_warnings check_misuse_warnings ${sites[*]}
GUEST
	fi

	# Real drivers' deferred I/O, checked on the screen: a boot each, on
	# the series' x86_64 kernels (configs/arch/x86_64.config has the
	# drivers).  Recorded first: a boot that never ran fails the summary.
	if [ "$ARCH" = x86_64 ] && [ -z "$VARIANT" ]; then
		for driver in virtio-gpu bochs; do
			boot_record "$results/$driver"
			scripts/fbscreen.sh "$driver" "$results/$driver" || true
		done
	fi
done
# ssd1307fb on QEMU's I2C OLED, checked on the bus: a kernel of its own
# (32-bit arm, vexpress-a15), a boot per panel geometry.
if [ "$ARCH" = arm ] && [ -z "$VARIANT" ]; then
	for geom in 128x64 128x512; do boot_record "$BUILD/results/ssd1307fb/$geom"; done
	scripts/ssd1307fb.sh || true
fi
summary=$BUILD/results/summary-$ARCH$VARIANT.txt
rc=0
summarize_boots | tee "$summary" || rc=$?
# make check-base: what the base passed of each upstream suite, for the
# patched kernel's summaries to compare with (commit it).
if [ -n "$VARIANT" ] && [ $rc -eq 0 ]; then
	for FLAVOUR in "${flavours[@]}"; do
		label=$ARCH-$FLAVOUR/main
		{ grep '^#' scripts/upstream-baseline
		  { grep -v "^#\|^$label " scripts/upstream-baseline || true
		  awk -v l="$label" -v b="$ARCH-$FLAVOUR$VARIANT/main:" \
			-v guard=" $GUARD_TESTS $GUARD_TESTS_LONG " '
			$1 == b && index(guard, " " $2 " ") { print l, $2, $3 }' "$summary"
		  } | sort; } >"$BUILD/upstream-baseline"
		mv "$BUILD/upstream-baseline" scripts/upstream-baseline
	done
	echo "check: scripts/upstream-baseline updated for $ARCH"
fi
exit $rc
