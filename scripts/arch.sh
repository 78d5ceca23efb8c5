# The settings of ARCH and FLAVOUR (sourced).  An architecture is one file,
# scripts/arch/ARCH.sh; a flavour is a kernel config fragment,
# configs/flavour/FLAVOUR.config, or configs/arch/ARCH-FLAVOUR.config for
# one architecture's own.
# shellcheck shell=bash disable=SC2034
FLAVOUR=${FLAVOUR:-plain}
GUARD_NOT_HERE=
[ -f "scripts/arch/${ARCH:?}.sh" ] ||
	die "unknown ARCH=$ARCH (scripts/arch/: $(basename -s .sh scripts/arch/*.sh | xargs))"
[ -f "configs/flavour/$FLAVOUR.config" ] || [ -f "configs/arch/$ARCH-$FLAVOUR.config" ] ||
	die "unknown FLAVOUR=$FLAVOUR for $ARCH (configs/flavour/: $(basename -s .config configs/flavour/*.config | xargs))"
# The results port of a virt machine, which has one UART (the console): a
# virtio console writing to FILE.
virtio_console_port() { # file
	echo -device virtio-serial-device -chardev "file,id=results,path=$1" \
		-device virtconsole,chardev=results
}
# shellcheck source=scripts/arch/x86_64.sh
. "scripts/arch/$ARCH.sh"
# The kernel's config fragments, in order: the architecture's last, as they
# may turn off, saying why, what the architecture lacks.
kernel_fragments() {
	local f

	echo configs/base.config configs/tests.config
	for f in "configs/flavour/$FLAVOUR.config" "configs/arch/$ARCH.config" \
		 "configs/arch/$ARCH-$FLAVOUR.config"; do
		[ ! -f "$f" ] || echo "$f"
	done
}
OBJ=$BUILD/obj/$ARCH-$FLAVOUR$VARIANT
# The selftests, per kernel: they are built against its headers.
SELFTESTS=$BUILD/selftests/$ARCH-$FLAVOUR$VARIANT
# Busybox and the selftests are static on the other architectures, from
# what scripts/fetch-target.sh put in TARGET; x86_64 uses the host's.
if [ -n "$CROSS_COMPILE" ]; then
	TARGET=$CACHE/target-$ARCH
	BUSYBOX=$TARGET/bin/busybox
else
	TARGET=
	BUSYBOX=${BUSYBOX:-/bin/busybox}
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
