#!/bin/bash
# Pack busybox, the modules of $OBJ, the selftests and the shared libraries
# they need into $BUILD/initramfs-$ARCH-$FLAVOUR$VARIANT.cpio.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
. scripts/arch.sh

root=$BUILD/initramfs/$ARCH-$FLAVOUR$VARIANT
out=$BUILD/initramfs-$ARCH-$FLAVOUR$VARIANT.cpio
rm -rf "$root"
mkdir -p "$root"/{bin,sbin,proc,sys,dev,tmp,lib,lib64,usr/bin,selftests}
cp "$BUSYBOX" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
sed "s|\$RESULTS_PORT|/dev/$RESULTS_TTY|g" scripts/guest-init.sh >"$root/init"
chmod +x "$root/init"
cp -a "$OBJ/modroot/lib/modules" "$root/lib/"
cp -a "$SELFTESTS/mm" "$root/selftests/"
if kselftest_install_here; then
	# run_vmtests.sh is a bash script; the guest is the host's architecture.
	cp -a "$KSFT_INSTALL" "$root/kselftest"
	cp /bin/bash "$root/bin/bash"
fi

# The shared libraries of every dynamic binary, at their own paths.
bins=("$root/selftests")
! kselftest_install_here || bins+=("$root/kselftest" "$root/bin/bash")
find "${bins[@]}" -type f -perm -u+x | while read -r bin; do
	file -b "$bin" | grep -q 'dynamically linked' || continue
	[ -z "$CROSS_COMPILE" ] || die "initramfs: $bin is not static"
	ldd "$bin" | grep -o '/[^ ]*' || true
done | sort -u | while read -r lib; do
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done
(cd "$root" && find . | cpio -o -H newc --quiet) >"$out"
echo "initramfs: $out"
