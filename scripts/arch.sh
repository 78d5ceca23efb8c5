# Per-architecture settings (sourced).  ARCH and FLAVOUR come from the caller.
# shellcheck shell=bash disable=SC2034
FLAVOUR=${FLAVOUR:-plain}
# What the guest needs besides the kernel: the console, and a second port
# of its own for the results (RESULTS_TTY in the guest; results_port FILE
# gives the QEMU options that write it to FILE).
case "${ARCH:?}" in
x86_64)
	KARCH=x86_64
	CROSS_COMPILE=
	KIMAGE_TARGET=bzImage
	KIMAGE=arch/x86/boot/bzImage
	# No 5-level paging: under TCG the debug kernel now and then took a
	# KASAN report (wild-memory-access in rcu_is_watching() from an
	# interrupt, at an LA57 direct-map address) while booting the base.
	# shellcheck disable=SC2054 # the commas are QEMU's
	QEMU=(qemu-system-x86_64 -M q35 -cpu max,la57=off)
	# Two sockets: without ACPI the guest finds its CPUs in SeaBIOS' MP
	# table, which lists one CPU per socket.
	SMP=2,sockets=2
	MEM=4G
	CONSOLE=ttyS0
	# The IO-APIC setup of 7.3 can take an interrupt before its chip data
	# is set (a KASAN null-ptr-deref in io_apic_modify_irq, seen on slow
	# debug boots under TCG); the guests need no IO-APIC.
	APPEND=noapic
	RESULTS_TTY=ttyS1
	results_port() { echo -serial "file:$1"; }
	;;
arm64)
	KARCH=arm64
	CROSS_COMPILE=aarch64-linux-gnu-
	KIMAGE_TARGET=Image
	KIMAGE=arch/arm64/boot/Image
	# An ARMv8.0 CPU: -cpu max adds pointer authentication, which TCG
	# emulates slowly, and nothing the tests need.
	QEMU=(qemu-system-aarch64 -M virt -cpu cortex-a57)
	SMP=2
	MEM=4G
	CONSOLE=ttyAMA0
	APPEND=
	RESULTS_TTY=hvc0
	;;
arm)
	# 32-bit ARMv7 without LPAE: no pte_special(), no GUP-fast.
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
	# Upstream suites that fail on 32-bit on their own: mremap_test moves
	# 2 GB regions; guard-regions keeps pagemap's u64 entries in an
	# unsigned long and compares its u64 addresses with pointers that the
	# kselftest harness sign-extends.
	GUARD_NOT_HERE="mremap_test guard-regions"
	;;
*)
	die "unsupported ARCH=$ARCH (x86_64, arm64, arm)"
	;;
esac
GUARD_NOT_HERE=${GUARD_NOT_HERE:-}
# virt has one UART, the console: the results go to a virtio console.
[ "$ARCH" = x86_64 ] || results_port() {
	echo -device virtio-serial-device -chardev "file,id=results,path=$1" \
		-device virtconsole,chardev=results
}
# make check's kernels: the debug one of the others on request (FLAVOURS),
# as it doubles their build and test time under TCG.
DEFAULT_FLAVOURS="plain debug"
[ "$ARCH" = x86_64 ] || DEFAULT_FLAVOURS=plain
OBJ=$BUILD/obj/$ARCH-$FLAVOUR$VARIANT
# Busybox and the selftests are static on the other architectures, from
# what scripts/fetch-target.sh put in TARGET; x86_64 uses the host's.
if [ "$ARCH" = x86_64 ]; then
	TARGET=
	BUSYBOX=${BUSYBOX:-/bin/busybox}
else
	TARGET=$CACHE/target-$ARCH
	BUSYBOX=$TARGET/bin/busybox
fi
# The host runs the guest with KVM only when it is of the same architecture.
KVM_POSSIBLE=
[ "$(uname -m)" != "$ARCH" ] || KVM_POSSIBLE=1
# Where build-selftests.sh installs the mm kselftests as their users do
# (make install), and whether it does: x86_64's plain kernel of the series,
# whose guest can run run_vmtests.sh with the host's bash.
KSFT_INSTALL=$BUILD/kselftest/$ARCH-$FLAVOUR$VARIANT
kselftest_install_here() {
	[ "$ARCH" = x86_64 ] && [ "$FLAVOUR" = plain ] && [ -z "$VARIANT" ]
}
