#!/bin/sh
# /init of the test initramfs: mount, run /run.sh with its output on the
# results port, power off.  The host reads the console for kernel reports.
/bin/busybox --install -s /bin
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmpfs /tmp
mkdir -p /dev/shm && mount -t tmpfs tmpfs /dev/shm
echo "pfnmap-vm: start"
rc=1
if [ -e "$RESULTS_PORT" ]; then
	(cd / && sh /run.sh) >"$RESULTS_PORT" 2>&1 </dev/null
	rc=$?
else
	echo "pfnmap-vm: no results port $RESULTS_PORT"
fi
# The host fails the run on a taint it does not allow (vm-run.sh).
echo "pfnmap-vm: tainted $(cat /proc/sys/kernel/tainted)"
echo "pfnmap-vm: done rc=$rc"
sync
reboot -f
