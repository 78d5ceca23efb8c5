#!/bin/bash
# The verdicts of summarize.sh on made-up guest output: each broken case
# must fail the run, the good one must pass.  Run by make lint.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rc=0
# No base to compare with but where a case gives one.
: >"$tmp/no-baseline"
export UPSTREAM_BASELINE=$tmp/no-baseline

# verdict WANT WHAT: summarize.sh on the series' suite (guest output on
# stdin, the upstream suite cow added) must exit 0 (WANT=pass) or non-zero
# (WANT=fail).
n=0
verdict() {
	local dir got=pass

	n=$((n + 1))
	dir=$tmp/$n/x86_64-plain/main
	mkdir -p "$dir"
	# An upstream suite that passes, as every real run has.
	{ cat; printf '### suite cow\n1..2\nok 1 cow.anon\nok 2 cow.thp # SKIP no THP\n### end cow rc=0\n'; } >"$dir/guest.out"
	echo pfnmap_mkwrite >"$dir/suites"
	scripts/summarize.sh "$dir" >"$dir/summary" 2>&1 || got=fail
	if [ "$got" = "$1" ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2: summarize.sh says $got"
		sed 's/^/#   /' "$dir/summary"
		rc=1
	fi
}

ok='ok 1 pfnmap_mkwrite.mkwrite_pages.cycle'
echo "1..24"
verdict pass "passes, with an allowed skip and an upstream skip" <<EOF2
### suite pfnmap_mkwrite
1..2
$ok
ok 2 pfnmap_mkwrite.page_mkwrite_vmalloc.gup_vmsplice # SKIP GUP works
### end pfnmap_mkwrite rc=0
EOF2
verdict fail "a case that failed" <<EOF2
### suite pfnmap_mkwrite
1..2
$ok
not ok 2 pfnmap_mkwrite.mkwrite_pages.race
### end pfnmap_mkwrite rc=1
EOF2
verdict fail "a plan that the results do not match" <<EOF2
### suite pfnmap_mkwrite
1..3
$ok
### end pfnmap_mkwrite rc=0
EOF2
verdict fail "a whole suite skipped (exit 4)" <<EOF2
### suite pfnmap_mkwrite
1..0 # SKIP /dev/pfnmap_test: No such file or directory
### end pfnmap_mkwrite rc=4
EOF2
verdict fail "a suite that printed nothing and exited 0" <<EOF2
### suite pfnmap_mkwrite
### end pfnmap_mkwrite rc=0
EOF2
verdict fail "a skip that expected-skips does not list" <<EOF2
### suite pfnmap_mkwrite
1..2
$ok
ok 2 pfnmap_mkwrite.mkwrite_pages.gup_odirect # SKIP no ext4/xfs dir
### end pfnmap_mkwrite rc=0
EOF2
verdict fail "a suite whose cases all skipped" <<EOF2
### suite pfnmap_mkwrite
1..1
ok 1 pfnmap_mkwrite.page_mkwrite_vmalloc.gup_vmsplice # SKIP GUP works
### end pfnmap_mkwrite rc=0
EOF2
verdict fail "an exit code other than 0 with every case ok" <<EOF2
### suite pfnmap_mkwrite
1..1
$ok
### end pfnmap_mkwrite rc=139
EOF2
verdict fail "a suite with no end marker (crashed or hung)" <<EOF2
### suite pfnmap_mkwrite
1..1
$ok
EOF2
verdict fail "a suite that never reported" </dev/null
verdict fail "a case that failed, marked TODO" <<EOF2
### suite pfnmap_mkwrite
1..2
$ok
not ok 2 pfnmap_mkwrite.mkwrite_pages.race # TODO later
### end pfnmap_mkwrite rc=0
EOF2
verdict fail "a case that failed, marked SKIP" <<EOF2
### suite pfnmap_mkwrite
1..2
$ok
not ok 2 pfnmap_mkwrite.page_mkwrite_vmalloc.gup_vmsplice # SKIP GUP works
### end pfnmap_mkwrite rc=0
EOF2
verdict fail "a case of the series that is an expected failure" <<EOF2
### suite pfnmap_mkwrite
1..2
$ok
ok 2 pfnmap_mkwrite.mkwrite_pages.race # XFAIL lost pages
### end pfnmap_mkwrite rc=0
EOF2
verdict fail "a case of the series marked TODO" <<EOF2
### suite pfnmap_mkwrite
1..2
$ok
ok 2 pfnmap_mkwrite.mkwrite_pages.race # TODO
### end pfnmap_mkwrite rc=0
EOF2
# An upstream suite that passes fewer cases than the base did, and one
# that passes as many (the cow suite of verdict(): 1 passed, 1 skipped).
good_series=$'### suite pfnmap_mkwrite\n1..1\n'"$ok"$'\n### end pfnmap_mkwrite rc=0'
printf 'x86_64-plain/main cow 2\n' >"$tmp/baseline-2"
printf 'x86_64-plain/main cow 1\n' >"$tmp/baseline-1"
UPSTREAM_BASELINE=$tmp/baseline-2 verdict fail "an upstream suite passing fewer cases than the base" <<<"$good_series"
UPSTREAM_BASELINE=$tmp/baseline-1 verdict pass "an upstream suite passing as many as the base" <<<"$good_series"
# A boot that never ran (its directory missing) beside one that passed.
n=$((n + 1))
good=$tmp/good/x86_64-plain/main
mkdir -p "$good"
printf '### suite cow\n1..1\nok 1 cow.anon\n### end cow rc=0\n' >"$good/guest.out"
if scripts/summarize.sh "$good" "$tmp/never/x86_64-plain/bochs" >"$tmp/never.summary" 2>&1; then
	echo "not ok $n a boot that never ran: summarize.sh says pass"
	rc=1
else
	echo "ok $n a boot that never ran"
fi
# console-reports.sh on made-up console logs: REPORT (one expected) or
# CLEAN, the console on stdin, the allowed warnings of the misuse boot if
# ALLOWED is set.
site='WARNING: ([^ ]*/)?(mm/memory\.c:2985) at '
console() { # want what [allowed]
	local got=CLEAN

	n=$((n + 1))
	cat >"$tmp/console.$n"
	[ -z "$(scripts/console-reports.sh "$tmp/console.$n" "${3:-}")" ] || got=REPORT
	if [ "$got" = "$1" ]; then
		echo "ok $n console: $2"
	else
		echo "not ok $n console: $2: console-reports.sh says $got"
		rc=1
	fi
}
done_clean=$'pfnmap-vm: tainted 0\r\npfnmap-vm: done rc=0\r'
console CLEAN "a clean boot" <<<"$done_clean"
console REPORT "a finished boot that did not say its taint" <<<"pfnmap-vm: done rc=0"
console REPORT "a tainted kernel (O)" <<<$'pfnmap-vm: tainted 4096\npfnmap-vm: done rc=0'
console REPORT "printk messages dropped" <<<$'[ 1.0] ** 12 printk messages dropped **\n'"$done_clean"
console CLEAN "the misuse boot: an allowed warning, its stack dump, taint W" "$site" <<EOF2
[ 1.0] WARNING: mm/memory.c:2985 at vmf_insert_pfn_mkwrite+0x64/0x1bc
[ 1.1] Call Trace:
pfnmap-vm: tainted 512
pfnmap-vm: done rc=0
EOF2
console REPORT "the misuse boot: a stack dump of its own (lockdep)" "$site" <<EOF2
[ 1.0] WARNING: mm/memory.c:2985 at vmf_insert_pfn_mkwrite+0x64/0x1bc
[ 1.1] Call Trace:
[ 2.0] INFO: trying to register non-static key.
[ 2.1] Call Trace:
pfnmap-vm: tainted 512
pfnmap-vm: done rc=0
EOF2
console REPORT "taint W where no warning is allowed" <<<$'pfnmap-vm: tainted 512\npfnmap-vm: done rc=0'
exit $rc
