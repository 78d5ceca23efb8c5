#!/bin/bash
# One boot of the screen check: a real DRM driver's /dev/fb0 (deferred I/O
# through drm_fbdev_shmem), patterns written through its mapping, and the
# screen QEMU shows compared with them, pixel for pixel, on the host
# (scripts/fbscreen/fbscreen.c says how).
#
#   fbscreen.sh DRIVER RESULT_DIR       DRIVER: virtio-gpu or bochs
#   fbscreen.sh                         both, in $BUILD/results (make fbscreen)
#
# The guest asks for the screen on a third serial port, a unix socket on
# the host, where the same program answers after a "screendump" on QEMU's
# monitor socket.  A mismatch keeps round-NN-NAME.screen.ppm and
# .expected.ppm in RESULT_DIR; screen.ppm (and .png) is the last good one.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
. scripts/arch.sh
. scripts/boot.sh
[ "$ARCH" = x86_64 ] || die "fbscreen: x86_64 only (configs/arch/x86_64.config has the drivers)"
if [ $# -eq 0 ]; then
	export BOOTS=$BUILD/results/boots-fbscreen.txt
	rm -f "$BOOTS"
	for driver in virtio-gpu bochs; do
		dir=$BUILD/results/$ARCH-$FLAVOUR$VARIANT/$driver
		boot_record "$dir"
		"$0" "$driver" "$dir" || true
	done
	summarize_boots
	exit
fi
[ $# -eq 2 ] || die "usage: $0 [virtio-gpu|bochs RESULT_DIR]"
driver=$1 results=$2
case $driver in
# -vga none: q35 adds a standard VGA otherwise, and the screen would be its.
virtio-gpu) qemu_args="-vga none -device virtio-gpu-pci" modules="virtio_pci virtio_gpu" ;;
bochs) qemu_args="-vga std" modules=bochs ;;
*) die "fbscreen: unknown driver $driver (virtio-gpu, bochs)" ;;
esac

rm -rf "$results"
mkdir -p "$results"

# Static: the guest has busybox and no C library; the host runs it too.
bin=$BUILD/fbscreen/fbscreen
if [ ! -x "$bin" ] || [ scripts/fbscreen/fbscreen.c -nt "$bin" ]; then
	mkdir -p "${bin%/*}"
	gcc -O2 -static -pthread -Wall -Wextra -Werror -o "$bin" scripts/fbscreen/fbscreen.c
fi

# Unix socket paths are short: not under the checkout.
sock=$(mktemp -d /tmp/fbscreen.XXXXXX)
host_pid=
cleanup() {
	[ -z "$host_pid" ] || kill "$host_pid" 2>/dev/null || true
	rm -rf "$sock"
}
trap cleanup EXIT

timeout=${VM_TIMEOUT:-900}
"$bin" host "$sock/monitor" "$sock/channel" "$results" "$((timeout + 30))" &
host_pid=$!
# The third serial port (ttyS2; ttyS0 is the console, ttyS1 the results).
boot "$driver" "$results" -t "$timeout" -m "$sock/monitor" \
	-q "$qemu_args -chardev socket,id=fbscreen,path=$sock/channel,server=on,wait=off -serial chardev:fbscreen" \
	-- "$bin" <<GUEST || true
suite modules load_modules $modules
suite fbscreen sh -c 'for i in \$(seq 100); do [ -e /dev/fb0 ] && break; sleep 0.1; done
	/extra/fbscreen guest /dev/fb0 /dev/ttyS2'
GUEST
# The guest said BYE, or QEMU is gone: the host side is done either way.
for _ in $(seq 50); do
	kill -0 "$host_pid" 2>/dev/null || break
	sleep 0.1
done
kill "$host_pid" 2>/dev/null || true
host_rc=0
wait "$host_pid" || host_rc=$?
host_pid=
# summarize.sh counts vm-failures (vm-run.sh wrote it).
[ "$host_rc" -eq 0 ] || echo "fbscreen host side exited $host_rc ($results/fbscreen.log)" >>"$results/vm-failures"
# The last good screen, to look at (netpbm, from make deps).
[ ! -f "$results/screen.ppm" ] || pnmtopng "$results/screen.ppm" >"$results/screen.png" 2>/dev/null || true
cat "$results/fbscreen.log" 2>/dev/null || true
