# Per-architecture settings (sourced).  ARCH and FLAVOUR come from the caller.
# shellcheck shell=bash disable=SC2034
FLAVOUR=${FLAVOUR:-plain}
case "${ARCH:?}" in
x86_64)
	KARCH=x86_64
	CROSS_COMPILE=
	KIMAGE_TARGET=bzImage
	KIMAGE=arch/x86/boot/bzImage
	QEMU=(qemu-system-x86_64 -M q35 -cpu max)
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
