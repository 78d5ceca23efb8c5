#!/bin/bash
# Boot $OBJ's kernel with the test initramfs and run a script in the guest.
#
#   vm-run.sh [-i] [-t SECONDS] [-w ALLOWED_WARNING_REGEX] [-m MONITOR_SOCKET]
#             [-q QEMU_ARGS] RUN_SCRIPT RESULT_DIR [FILE...]
#
# RUN_SCRIPT runs as /run.sh in the guest with its output on a serial port of
# its own, saved as RESULT_DIR/guest.out; FILEs are copied to /extra.  The
# kernel console goes to RESULT_DIR/console.log.  Fails on a timeout, a guest
# that never finished, and any kernel report (BUG, WARNING, KASAN, UBSAN,
# lockdep, panic) except warnings matching -w.  With -i the console is this
# terminal (interactive, no timeout, no checks).  -m puts QEMU's monitor on
# a unix socket (a server) instead of none; -q adds QEMU arguments (split
# on white space), devices and serial ports after the results port.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
. scripts/arch.sh

timeout=${VM_TIMEOUT:-900}
allowed_warning=
interactive=
monitor_socket=
qemu_extra=()
while getopts im:q:t:w: opt; do
	case $opt in
	i) interactive=1 ;;
	m) monitor_socket=$OPTARG ;;
	q) read -ra qemu_extra <<<"$OPTARG" ;;
	t) timeout=$OPTARG ;;
	w) allowed_warning=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] || die "usage: $0 [-t SECONDS] [-w REGEX] [-m SOCKET] [-q ARGS] RUN_SCRIPT RESULT_DIR [FILE...]"
script=$1 results=$2
shift 2

# VM_KERNEL: another kernel image of the same configuration (a deliberately
# broken one, to show that a test catches what it guards against).
kernel=${VM_KERNEL:-$OBJ/$KIMAGE}
base=$BUILD/initramfs-$ARCH-$FLAVOUR$VARIANT.cpio
{ [ -f "$kernel" ] && [ -f "$base" ]; } || die "vm-run: build the kernel and initramfs first (make kernel initramfs)"
mkdir -p "$results"
console=$results/console.log
guest_out=$results/guest.out

# The run script and extra files, as a second archive after the base one.
extra=$(mktemp -d)
trap 'rm -rf "$extra"' EXIT
mkdir -p "$extra/root/extra"
cp "$script" "$extra/root/run.sh"
for f in "$@"; do cp -a "$f" "$extra/root/extra/"; done
(cd "$extra/root" && find . | cpio -o -H newc --quiet) >"$extra/extra.cpio"
cat "$base" "$extra/extra.cpio" >"$extra/initrd"

# norandmaps: a fixed address-space layout, as mremap_test places mappings at
# addresses it does not check (it failed 1 run in 5 with ASLR).
boot() { # accel, seconds
	local serial=("file:$console") monitor=(-monitor none) input=/dev/null port

	[ -z "$monitor_socket" ] || monitor=(-monitor "unix:$monitor_socket,server=on,wait=off")
	[ -z "$interactive" ] || { serial=(mon:stdio); monitor=(); input=/dev/stdin; }
	: >"$console"
	: >"$guest_out"
	read -ra port <<<"$(results_port "$guest_out")"
	timeout --foreground -k 5 "$2" "${QEMU[@]}" -accel "$1" -smp "$SMP" -m "$MEM" \
		-display none -no-reboot "${monitor[@]}" \
		-serial "${serial[@]}" "${port[@]}" "${qemu_extra[@]}" \
		-kernel "$kernel" -initrd "$extra/initrd" \
		-append "console=$CONSOLE panic=-1 oops=panic rdinit=/init loglevel=7 norandmaps $APPEND ${VM_APPEND:-}" \
		<"$input"
}

# KVM only where it really boots: nested KVM here can hang at kernel entry
# without a byte of output.  The verdict is kept for this host boot.
kvm_ok() {
	local verdict=$BUILD/kvm-verdict id
	id=$(cat /proc/sys/kernel/random/boot_id)
	[ -n "$KVM_POSSIBLE" ] && [ -w /dev/kvm ] && [ "${PFNMAP_ACCEL:-}" != tcg ] || return 1
	if [ "$(head -1 "$verdict" 2>/dev/null)" = "$id" ]; then
		[ "$(sed -n 2p "$verdict")" = yes ]
		return
	fi
	boot kvm "$timeout" 2>"$results/kvm-probe.log" &
	local pid=$!
	for _ in $(seq 20); do
		sleep 1
		[ -s "$console" ] && break
		kill -0 "$pid" 2>/dev/null || break	# QEMU gave up on KVM
	done
	if [ -s "$console" ]; then
		printf '%s\nyes\n' "$id" >"$verdict"
		wait "$pid" || true
		return 0
	fi
	# $pid is the subshell: its timeout and QEMU must go too, or the hung
	# guest spins a CPU until the timeout (900 s) ends it.
	local child
	for child in $(pgrep -P "$pid"); do
		pkill -KILL -P "$child"
		kill -KILL "$child"
	done 2>/dev/null
	kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
	printf '%s\nno\n' "$id" >"$verdict"
	echo "vm-run: KVM did not boot (no output in 20 s, or QEMU failed: $results/kvm-probe.log), using TCG"
	return 1
}

if [ -n "$interactive" ]; then
	# Only a verdict already known: probing would run the guest unattended.
	accel=tcg
	[ -z "$KVM_POSSIBLE" ] || [ "$(sed -n 2p "$BUILD/kvm-verdict" 2>/dev/null)" != yes ] || accel=kvm
	boot "$accel" infinity
	exit 0
fi

start=$(date +%s)
if kvm_ok; then
	accel=kvm
	# kvm_ok() has already booted and run the guest when it just probed.
	[ -s "$console" ] || boot kvm "$timeout" || true
else
	accel=tcg
	boot tcg "$timeout" || true
fi
echo "$accel" >"$results/accel"
# Which kernel booted: VM_KERNEL may have replaced $OBJ's.
echo "$(sha256sum "$kernel" | cut -d' ' -f1) $(realpath "$kernel")" >"$results/kernel"
echo "vm-run: $ARCH $FLAVOUR guest ($accel) ran $(( $(date +%s) - start )) s, console: $console"

# Failures also go to RESULT_DIR/vm-failures, which the summary counts.
failures=$results/vm-failures
: >"$failures"
fail() {
	echo "vm-run: FAIL: $*"
	echo "$*" >>"$failures"
}
if ! grep -q '^pfnmap-vm: done' "$console"; then
	if grep -qE 'Kernel panic|BUG:|Oops' "$console"; then
		fail "the guest crashed"
	else
		fail "the guest did not finish within $timeout s (hang?)"
	fi
	tail -n 30 "$console" | sed 's/^/  | /'
fi
reports=$(scripts/console-reports.sh "$console" "$allowed_warning")
if [ -n "$reports" ]; then
	fail "kernel reports in the guest log: $(head -1 <<<"$reports")"
	# shellcheck disable=SC2001
	sed 's/^/  | /' <<<"$reports" | head -20
fi
[ ! -s "$failures" ]
