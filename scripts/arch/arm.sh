# 32-bit arm: ARMv7 without LPAE, so no pte_special() and no GUP-fast; QEMU
# virt with a Cortex-A15, under TCG (sourced by scripts/arch.sh).  Kernel
# fragments: configs/arch/arm.config, arm-debug.config, and
# arm-vexpress.config (FLAVOUR=vexpress: the ssd1307fb bus check).
# Expected skips: scripts/expected-skips, the lines of arm-*.
# shellcheck shell=bash disable=SC2034
# The host packages it needs (make deps): compiler and QEMU.
HOST_PACKAGES="gcc-arm-linux-gnueabihf libc6-dev-armhf-cross qemu-system-arm"
KARCH=arm
CROSS_COMPILE=arm-linux-gnueabihf-
KIMAGE_TARGET=zImage
KIMAGE=arch/arm/boot/zImage
# highmem=off: without LPAE the kernel sees 32-bit physical addresses.
# shellcheck disable=SC2054 # the commas are QEMU's
QEMU=(qemu-system-arm -M virt,highmem=off -cpu cortex-a15)
SMP=2
MEM=1G
CONSOLE=ttyAMA0
APPEND=
RESULTS_TTY=hvc0
results_port() { virtio_console_port "$1"; }
# Upstream suites that fail on 32-bit on their own: mremap_test moves 2 GB
# regions; guard-regions keeps pagemap's u64 entries in an unsigned long
# and compares its u64 addresses with pointers that the kselftest harness
# sign-extends.
GUARD_NOT_HERE="mremap_test guard-regions"
DEFAULT_FLAVOURS=plain
DEB_ARCH=armhf
TARGET_DEBS=(
	busybox-static=1:1.35.0-4+deb12u1+b1@2f68dbeaebeda49f3cde34ac421d5add85fb1c837ff7c4a4971945340d9d66ff
	liburing-dev=2.3-3@1b888c3ec215588f30eb46441d93e624aaa46aedce1fd90c14e8e2e0d22f9570
)
