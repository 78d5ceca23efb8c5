# x86_64: the host's own architecture (sourced by scripts/arch.sh).
# Kernel fragment: configs/arch/x86_64.config.  Expected skips:
# scripts/expected-skips (none of its own).  Busybox and the selftests'
# libraries are the host's (make deps), so no target packages.
# shellcheck shell=bash disable=SC2034
# The host packages it needs (make deps): compiler and QEMU.
HOST_PACKAGES="qemu-system-x86"
KARCH=x86_64
CROSS_COMPILE=
KIMAGE_TARGET=bzImage
KIMAGE=arch/x86/boot/bzImage
# No 5-level paging: under TCG the debug kernel now and then took a KASAN
# report (wild-memory-access in rcu_is_watching() from an interrupt, at an
# LA57 direct-map address) while booting the base.
# shellcheck disable=SC2054 # the commas are QEMU's
QEMU=(qemu-system-x86_64 -M q35 -cpu max,la57=off)
# Two sockets: without ACPI the guest finds its CPUs in SeaBIOS' MP table,
# which lists one CPU per socket.
SMP=2,sockets=2
MEM=4G
CONSOLE=ttyS0
# The IO-APIC setup of 7.3 can take an interrupt before its chip data is
# set (a KASAN null-ptr-deref in io_apic_modify_irq, seen on slow debug
# boots under TCG); the guests need no IO-APIC.
APPEND=noapic
# The results: the second serial port.
RESULTS_TTY=ttyS1
results_port() { echo -serial "file:$1"; }
# make check tests both flavours here.
DEFAULT_FLAVOURS="plain debug"
DEB_ARCH=
TARGET_DEBS=()
