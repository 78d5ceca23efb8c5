# arm64: QEMU virt with a Cortex-A57, under TCG (sourced by scripts/arch.sh).
# Kernel fragments: configs/arch/arm64.config, arm64-debug.config.
# Expected skips: scripts/expected-skips, the lines of arm64-*.
# shellcheck shell=bash disable=SC2034
# The host packages it needs (make deps): compiler and QEMU.
HOST_PACKAGES="gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-system-arm"
KARCH=arm64
CROSS_COMPILE=aarch64-linux-gnu-
KIMAGE_TARGET=Image
KIMAGE=arch/arm64/boot/Image
# An ARMv8.0 CPU: -cpu max adds pointer authentication, which TCG emulates
# slowly, and nothing the tests need.
QEMU=(qemu-system-aarch64 -M virt -cpu cortex-a57)
SMP=2
MEM=4G
CONSOLE=ttyAMA0
APPEND=
RESULTS_TTY=hvc0
results_port() { virtio_console_port "$1"; }
# The debug kernel on request (FLAVOURS): it doubles the time under TCG.
DEFAULT_FLAVOURS=plain
# What scripts/fetch-target.sh fetches from Debian for the guest: a static
# busybox, and liburing for the selftests' io_uring cases, as
# package=version@sha256 of the .deb.
DEB_ARCH=arm64
TARGET_DEBS=(
	busybox-static=1:1.35.0-4+deb12u1+b1@732c9135564fc71337e0e05fb4da4d11e6c28c1834bce3e405e575afef2a52f5
	liburing-dev=2.3-3@cf210a7d7c238bda6af586fca5473df4aef9606db15a837ebe13cf6d2cb24e62
)
