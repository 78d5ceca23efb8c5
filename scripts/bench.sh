#!/bin/bash
# make bench: boot the test kernel once and time every protocol of the test
# driver side by side (scripts/bench/pfnmap_bench.c), then the flush of fbdev
# deferred I/O on its test framebuffers (scripts/bench/fb_defio_bench.c);
# bench-report.sh turns the rows into build/results/bench.csv, bench.txt and
# bench.svg.  ARCH=arm64 runs it there.  BENCH_ARGS='-r 3 -n 64' and
# FB_BENCH_ARGS='-r 3' pass options to the programs, for a quick try.
# BENCH_CLOCK=icount runs the guest on QEMU's instruction counter (TCG,
# -icount shift=0): its clock advances 1 ns per guest instruction, so a time
# is a count of instructions, the same on any host (bench-icount.*).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
. scripts/arch.sh
. scripts/boot.sh
results=$BUILD/results/$(bench_name)
case ${BENCH_CLOCK:=host} in
host) qemu_args= ;;
icount)
	# KVM has no instruction counter.
	export PFNMAP_ACCEL=tcg
	qemu_args="-icount shift=0,sleep=off"
	# Not the throughput figure, which races threads: on the counter the
	# vCPUs take turns on one host thread.
	: "${BENCH_ARGS:=-f cycle,wrprotect}"
	;;
*) die "bench: unknown BENCH_CLOCK=$BENCH_CLOCK (host or icount)" ;;
esac
bin=$BUILD/bench/$ARCH/pfnmap_bench
fbbin=$BUILD/bench/$ARCH/fb_defio_bench
command -v gnuplot >/dev/null || die "bench: no gnuplot; run 'make deps'"
[ -d "$OBJ/usr/include" ] || die "bench: no headers in $OBJ; run 'make kernel' first"
rm -rf "$results"
mkdir -p "$results" "${bin%/*}"

# Static: the guest has busybox and no C library.
cc=("${CROSS_COMPILE}gcc" -O2 -static -pthread -Wall -Wextra -iquote "$TREE" -isystem "$OBJ/usr/include")
"${cc[@]}" -o "$bin" scripts/bench/pfnmap_bench.c
"${cc[@]}" -o "$fbbin" scripts/bench/fb_defio_bench.c

# A kernel without ACPI has no HPET or PM timer, and under TCG it often
# fails to calibrate the TSC: its clock, and the driver's times, are then
# jiffies (1 ms).  A guest's TSC runs at its host's rate: give that.
# On the instruction counter the TSC counts virtual ns: 1 GHz.
append=${VM_APPEND:-}
if [ "$ARCH" = x86_64 ] && [ "$BENCH_CLOCK" = icount ]; then
	append+=" tsc_early_khz=1000000 tsc=reliable"
elif [ "$ARCH" = x86_64 ] && grep -qw constant_tsc /proc/cpuinfo; then
	append+=" tsc_early_khz=$("$bin" -k) tsc=reliable"
fi
echo "bench: booting the $ARCH $FLAVOUR kernel (output in $results)"
start=$(date +%s)
vm_rc=0
# BENCH_ARGS is expanded here, on the host.
VM_APPEND=$append boot bench "$results" -t "${VM_TIMEOUT:-1800}" ${qemu_args:+-q "$qemu_args"} \
	-- "$bin" "$fbbin" \
	>"$results/vm-run.log" <<GUEST || vm_rc=$?
modprobe pfnmap_test || echo "modprobe pfnmap_test failed"
# Only fsync() flushes: the bench times each flush.
modprobe fb_defio_test delay_ms=100000 || echo "modprobe fb_defio_test failed"
echo "### guest: \$(uname -r), \$(nproc) CPUs, \$(awk '/MemTotal/ { print int(\$2 / 1024) }' /proc/meminfo) MiB, clock \$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
rc=0
/extra/pfnmap_bench ${BENCH_ARGS:-} >/tmp/bench.csv || rc=\$?
/extra/fb_defio_bench ${FB_BENCH_ARGS:-} >>/tmp/bench.csv || rc=\$?
echo "### bench rc=\$rc"
echo "### csv"
cat /tmp/bench.csv
GUEST
tr -d '\r' <"$results/guest.out" >"$results/guest.txt"
if [ $vm_rc -ne 0 ] || ! grep -q '^### bench rc=0$' "$results/guest.txt"; then
	cat "$results/vm-run.log"
	tail -n 20 "$results/guest.txt"
	die "bench: the run failed (logs in $results)"
fi
sed -n '/^### csv$/,$p' "$results/guest.txt" | tail -n +2 >"$results/raw.csv"

# What the report quotes about this run.
date -u +%Y-%m-%dT%H:%MZ >"$results/date"
echo "$BENCH_CLOCK" >"$results/clock"
echo "$(nproc) x $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)" >"$results/host"
scripts/bench-report.sh
cat "$results.txt"
echo "bench: $results.csv, .txt, .svg ($(( $(date +%s) - start )) s)"
