#!/bin/bash
# ssd1307fb for real: QEMU's vexpress-a15, whose I2C controller Linux drives
# with real transfers (i2c-versatile), with QEMU's ssd0303 at 0x3c as the
# panel of an SSD1306 node (scripts/ssd1307fb/*.dts).  The guest writes
# patterns through the framebuffer's mapping and fsync()s, marking each
# checkpoint on the bus (scripts/ssd1307fb/ssd1307fb-guest.c); the host
# decodes QEMU's trace of the bus into the panel's RAM and compares it,
# pixel for pixel, with what the guest wrote last
# (scripts/ssd1307fb/ssd1306-decode.c).  QEMU's own screen of the ssd0303
# is no check: it does not model the SSD1306's horizontal addressing.
#
#   ssd1307fb.sh [GEOMETRY...]     default: 128x64 128x512
#
# 128x64 has 1024 bytes of video memory (one page), 128x512 8192 (an
# order-1 block whose second page has refcount 0).  BASE=1: the unpatched
# base.  SSD1307FB_NO_BUILD=1 boots the kernel already built;
# SSD1307FB_RACE=SECONDS of racing writes (6); SSD1307FB_MUTANT (below).  Results in
# $BUILD/results/ssd1307fb$VARIANT/GEOMETRY: console.log, i2c.trace,
# images.out (what the guest wrote), tap.txt, on a mismatch
# checkpoint-K.{decoded,expected}.pbm, and guest.out, suites and
# vm-failures as scripts/summarize.sh reads them (make check ARCH=arm).
# Exits non-zero on a mismatch, a guest that did not finish, or a kernel
# report (BUG:, WARNING:, KASAN: ... as scripts/console-reports.sh finds).
set -euo pipefail
cd "$(dirname "$0")/.."
export ARCH=arm FLAVOUR=vexpress
. scripts/common.sh
. scripts/arch.sh

# SSD1307FB_MUTANT=FILE: the same boots on the series with FILE applied (a
# broken kernel of tests/mutants-ssd1307fb/), in a tree and build of their
# own; it passes when the decoder finds the bus wrong.
if [ -n "${SSD1307FB_MUTANT:-}" ]; then
	patch=$(realpath "$SSD1307FB_MUTANT")
	mbuild=$BUILD/ssd1307fb-mutant
	mkdir -p "$mbuild"
	git -C "$TREE" worktree remove -f "$mbuild/linux" >/dev/null 2>&1 || true
	git -C "$TREE" worktree add -f --detach "$mbuild/linux" HEAD >/dev/null
	git -C "$mbuild/linux" apply "$patch"
	if SSD1307FB_MUTANT='' BUILD=$mbuild scripts/ssd1307fb.sh "$@"; then
		echo "ssd1307fb: mutant $(basename "$patch"): missed, the bus showed every write"
		exit 1
	fi
	grep -q 'not ok' "$mbuild"/results/ssd1307fb/*/tap.txt ||
		die "ssd1307fb: mutant $(basename "$patch"): the run failed, but not on the bus"
	echo "ssd1307fb: mutant $(basename "$patch"): caught, the bus lost writes"
	exit 0
fi

geometries=("$@")
[ ${#geometries[@]} -gt 0 ] || geometries=(128x64 128x512)
race=${SSD1307FB_RACE:-6}
timeout=${VM_TIMEOUT:-600}
src=scripts/ssd1307fb
work=$BUILD/ssd1307fb$VARIANT
results=$BUILD/results/ssd1307fb$VARIANT
# The panel: the address of the ssd0303 and the DT nodes' offsets.
addr=0x3c col_offset=0 page_offset=0

if [ -z "${SSD1307FB_NO_BUILD:-}" ]; then
	start=$SECONDS
	BUILD=$BUILD scripts/build-kernel.sh
	echo "ssd1307fb: kernel built in $((SECONDS - start)) s"
fi
[ -f "$OBJ/$KIMAGE" ] || die "ssd1307fb: no $OBJ/$KIMAGE"
mkdir -p "$work" "$results"

# Static, for a guest with busybox and no C library; the decoder on the host.
guest_bin=$work/ssd1307fb-guest
decoder=$work/ssd1306-decode
if [ ! -x "$guest_bin" ] || [ "$src/ssd1307fb-guest.c" -nt "$guest_bin" ]; then
	"${CROSS_COMPILE}gcc" -O2 -static -Wall -Wextra -Werror \
		-o "$guest_bin" "$src/ssd1307fb-guest.c"
fi
if [ ! -x "$decoder" ] || [ "$src/ssd1306-decode.c" -nt "$decoder" ]; then
	gcc -O2 -Wall -Wextra -Werror -o "$decoder" "$src/ssd1306-decode.c"
fi

# The initramfs: busybox, the harness's /init, the program and its script.
root=$work/initramfs
rm -rf "$root"
mkdir -p "$root"/{bin,sbin,proc,sys,dev,tmp,usr/bin}
cp "$BUSYBOX" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
sed "s|\$RESULTS_PORT|/dev/$RESULTS_TTY|g" scripts/guest-init.sh >"$root/init"
chmod +x "$root/init"
cp "$guest_bin" "$root/bin/"
cat >"$root/run.sh" <<EOF
echo "# \$(uname -r)"
ssd1307fb-guest $race
echo "# ssd1307fb-guest exited \$?"
EOF
initrd=$work/initramfs.cpio
(cd "$root" && find . | cpio -o -H newc --quiet) >"$initrd"

# The board's DTB with the panel, by the tree's preprocessor rules and dtc.
dtb() { # geometry, output
	local dts=$src/ssd1306-$1.dts

	[ -f "$dts" ] || die "ssd1307fb: no $dts"
	cpp -nostdinc -undef -D__DTS__ -x assembler-with-cpp \
		-I "$TREE/arch/arm/boot/dts" -I "$TREE/scripts/dtc/include-prefixes" \
		"$dts" -o "$2.tmp"
	"$OBJ/scripts/dtc/dtc" -q -I dts -O dtb -o "$2" "$2.tmp"
	rm -f "$2.tmp"
}

failed=()
run() { # geometry
	local geom=$1 dir=$results/$1 start secs rc=0 reports probe port why
	local -a verdict=()

	rm -rf "$dir"
	mkdir -p "$dir"
	dtb "$geom" "$dir/board.dtb"
	read -ra port <<<"$(results_port "$dir/images.out")"
	start=$SECONDS
	# The board has a sound device: no host audio.
	QEMU_AUDIO_DRV=none timeout --foreground -k 5 "$timeout" \
		qemu-system-arm -M vexpress-a15 \
		-cpu cortex-a15 -smp "$SMP" -m "$MEM" -display none -no-reboot \
		-monitor none -serial "file:$dir/console.log" "${port[@]}" \
		-device "ssd0303,address=$addr" \
		-trace i2c_send -trace i2c_event -D "$dir/i2c.trace" -msg timestamp=on \
		-kernel "$OBJ/$KIMAGE" -dtb "$dir/board.dtb" -initrd "$initrd" \
		-append "console=ttyAMA0 panic=-1 oops=panic rdinit=/init loglevel=7" \
		</dev/null >"$dir/qemu.log" 2>&1 || true
	secs=$((SECONDS - start))

	"$decoder" "$dir/i2c.trace" "$dir/images.out" "$dir" "$addr" \
		"$col_offset" "$page_offset" >"$dir/tap.txt" || rc=$?
	probe=$(grep -o 'fb[0-9]*: Solomon SSD1307 framebuffer device registered.*' \
		"$dir/console.log" | tr -d '\r' || true)
	echo "ssd1307fb $geom$VARIANT: booted and ran in $secs s; ${probe:-no framebuffer registered}"
	sed 's/^/  /' "$dir/tap.txt"
	[ "$rc" -eq 0 ] || verdict+=("the bus does not show what the guest wrote")
	grep -q '^pfnmap-vm: done' "$dir/console.log" ||
		verdict+=("the guest did not finish (crash or timeout after $timeout s)")
	reports=$(scripts/console-reports.sh "$dir/console.log")
	if [ -n "$reports" ]; then
		verdict+=("kernel reports: $(head -1 <<<"$reports")")
		# shellcheck disable=SC2001
		sed 's/^/  | /' <<<"$reports" | head -20
	fi
	# For scripts/summarize.sh: the decoder's cases as a suite, and what
	# else went wrong as the boot's failures.
	{ echo "### suite ssd1307fb_$geom"; grep -v '^TAP version' "$dir/tap.txt"
	  echo "### end ssd1307fb_$geom rc=$rc"; } >"$dir/guest.out"
	echo "ssd1307fb_$geom" >"$dir/suites"
	printf '%s\n' "${verdict[@]}" | grep -v '^the bus does not show' | grep . \
		>"$dir/vm-failures" || true
	if [ ${#verdict[@]} -eq 0 ]; then
		echo "ssd1307fb $geom$VARIANT: ok"
	else
		why=$(printf '%s; ' "${verdict[@]}")
		echo "ssd1307fb $geom$VARIANT: FAIL: ${why%; }"
		failed+=("$geom")
	fi
}

for geom in "${geometries[@]}"; do
	run "$geom"
done
echo "ssd1307fb$VARIANT: $((${#geometries[@]} - ${#failed[@]})) passed, ${#failed[@]} failed${failed[*]:+ (${failed[*]})}; results in $results"
[ ${#failed[@]} -eq 0 ]
