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

# One TAP case: "ok N WHAT" if the command succeeds, else "not ok" and why.
tap_case() { # n what cmd...
	n=$1 what=$2
	shift 2
	if out=$("$@" 2>&1); then
		echo "ok $n $what"
	else
		echo "not ok $n $what: $(echo "$out" | tr '\n' ' ')"
	fi
}

# Load each module (name and parameters in one word list), a case each: a
# module that does not load fails the run instead of skipping its suites.
load_modules() {
	echo "1..$#"
	i=0
	for m in "$@"; do
		i=$((i + 1))
		# shellcheck disable=SC2086 # the module's name and parameters
		tap_case $i "modprobe $m" modprobe $m
	done
}

# An ext2 file system on a loop device at /mnt/disk: O_DIRECT needs a block
# file system (tmpfs serves O_DIRECT by copying, without GUP).
block_fs() {
	echo "1..1"
	tap_case 1 "ext2 on /dev/loop0 at /mnt/disk" sh -ec '
		dd if=/dev/zero of=/tmp/disk.img bs=1M count=16 2>/dev/null
		losetup /dev/loop0 /tmp/disk.img
		mke2fs -q /dev/loop0
		mkdir -p /mnt/disk
		mount -t ext2 /dev/loop0 /mnt/disk'
}

# Misuse must warn exactly once at each expected call site (arguments: the
# "file:line" of each, as in the tree) and nowhere else.
check_misuse_warnings() {
	echo "1..$(($# + 1))"
	warnings=$(dmesg | grep 'WARNING:')
	others=$(echo "$warnings" | grep -c 'WARNING:')
	i=0
	for site in "$@"; do
		i=$((i + 1))
		# The file as the build saw it: O= builds print a relative path.
		n=$(echo "$warnings" | grep -cE "WARNING: ([^ ]*/)?$(echo "$site" | sed 's/\./\\./g') at ")
		others=$((others - n))
		if [ "$n" -eq 1 ]; then
			echo "ok $i misuse warned once at $site"
		else
			echo "not ok $i misuse warned $n times at $site, expected once"
		fi
	done
	if [ "$others" -eq 0 ]; then
		echo "ok $(($# + 1)) no warning elsewhere"
	else
		echo "not ok $(($# + 1)) $others warnings elsewhere:"
		echo "$warnings" | sed 's/^/# /'
	fi
}
