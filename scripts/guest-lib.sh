# Helpers for the run scripts of the guest (sourced there as /extra/guest-lib.sh).
# shellcheck shell=sh
cd /selftests/mm || exit 1

# Run one suite between the markers that summarize.sh splits on.
suite() {
	name=$1
	shift
	echo "### suite $name"
	"$@"
	echo "### end $name rc=$?"
}

# An ext2 file system on a loop device at /mnt/disk: O_DIRECT needs a block
# file system (tmpfs serves O_DIRECT by copying, without GUP).
block_fs() {
	dd if=/dev/zero of=/tmp/disk.img bs=1M count=16 2>/dev/null &&
		losetup /dev/loop0 /tmp/disk.img && mke2fs -q /dev/loop0 &&
		mkdir -p /mnt/disk && mount -t ext2 /dev/loop0 /mnt/disk
}

# Misuse must warn once per call site, in mm/memory.c and nowhere else.
check_misuse_warnings() {
	n=$(dmesg | grep -c 'WARNING:.*mm/memory\.c')
	echo "1..1"
	if [ "$n" -eq 2 ]; then
		echo "ok 1 misuse warned once per call site in mm/memory.c"
	else
		echo "not ok 1 misuse warned $n times in mm/memory.c, expected 2"
	fi
}
