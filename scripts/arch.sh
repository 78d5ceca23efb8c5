# Per-architecture settings (sourced).  ARCH and FLAVOUR come from the caller.
# shellcheck shell=bash disable=SC2034
FLAVOUR=${FLAVOUR:-plain}
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
	CONSOLE=ttyS0
	# The IO-APIC setup of 7.3 can take an interrupt before its chip data
	# is set (a KASAN null-ptr-deref in io_apic_modify_irq, seen on slow
	# debug boots under TCG); the guests need no IO-APIC.
	APPEND=noapic
	RESULTS_TTY=ttyS1
	LDD=ldd
	;;
*)
	die "unsupported ARCH=$ARCH (x86_64)"
	;;
esac
OBJ=$BUILD/obj/$ARCH-$FLAVOUR$VARIANT
BUSYBOX=${BUSYBOX:-/bin/busybox}
