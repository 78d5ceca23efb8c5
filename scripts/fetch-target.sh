#!/bin/bash
# Fetch what the guests of the other architectures need from Debian into
# $CACHE/target-ARCH: the packages each scripts/arch/ARCH.sh lists in
# TARGET_DEBS (a static busybox, and liburing's static library and headers
# for the selftests' io_uring cases), pinned by version and sha256.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

SUITE=bookworm
# The architectures with packages to fetch and not fetched yet.
want=() deb_arches=()
for f in scripts/arch/*.sh; do
	a=$(basename "$f" .sh)
	d=$(sed -n 's/^DEB_ARCH=//p' "$f")
	[ -n "$d" ] || continue
	deb_arches+=("$d")
	[ -f "$CACHE/target-$a/.done" ] || want+=("$a")
done
[ ${#want[@]} -gt 0 ] || exit 0

. scripts/apt-private.sh
echo "fetch-target: packages for ${want[*]} from $SUITE"
APT_ARCHES=$(IFS=,; echo "${deb_arches[*]}") private_apt target "deb $SUITE"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for a in "${want[@]}"; do
	# shellcheck source=/dev/null
	. "scripts/arch/$a.sh"
	root=$CACHE/target-$a
	rm -rf "$root"
	for p in "${TARGET_DEBS[@]}"; do
		pin=${p%@*} sha=${p#*@}
		(cd "$tmp" && apt-get "${apt_opts[@]}" -q download "${pin%%=*}:$DEB_ARCH=${pin#*=}" >/dev/null)
		deb=$(ls "$tmp"/*.deb)
		echo "$sha  $deb" | sha256sum --check --status ||
			die "fetch-target: checksum mismatch for $(basename "$deb")"
		dpkg-deb -x "$deb" "$root"
		rm "$deb"
	done
	touch "$root/.done"
	echo "target: $root"
done
