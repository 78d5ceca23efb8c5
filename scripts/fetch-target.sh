#!/bin/bash
# Fetch what the guests of the other architectures (arm64, arm) need from
# Debian into $CACHE/target-ARCH: a static busybox, and liburing's static
# library and headers for the selftests' io_uring cases.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

SUITE=bookworm
declare -A DEB_ARCH=([arm64]=arm64 [arm]=armhf)
# package=version, and the sha256 of its .deb per architecture
PACKAGES=(busybox-static=1:1.35.0-4+deb12u1+b1 liburing-dev=2.3-3)
declare -A SHA256=(
	[busybox-static:arm64]=732c9135564fc71337e0e05fb4da4d11e6c28c1834bce3e405e575afef2a52f5
	[busybox-static:armhf]=2f68dbeaebeda49f3cde34ac421d5add85fb1c837ff7c4a4971945340d9d66ff
	[liburing-dev:arm64]=cf210a7d7c238bda6af586fca5473df4aef9606db15a837ebe13cf6d2cb24e62
	[liburing-dev:armhf]=1b888c3ec215588f30eb46441d93e624aaa46aedce1fd90c14e8e2e0d22f9570
)
want=()
for arch in "${!DEB_ARCH[@]}"; do
	[ -f "$CACHE/target-$arch/.done" ] || want+=("$arch")
done
[ ${#want[@]} -gt 0 ] || exit 0

. scripts/apt-private.sh
echo "fetch-target: ${PACKAGES[*]} for ${want[*]} from $SUITE"
APT_ARCHES=$(IFS=,; echo "${DEB_ARCH[*]}") private_apt target "deb $SUITE"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for arch in "${want[@]}"; do
	root=$CACHE/target-$arch
	rm -rf "$root"
	for p in "${PACKAGES[@]}"; do
		pkg=${p%%=*}:${DEB_ARCH[$arch]}
		(cd "$tmp" && apt-get "${apt_opts[@]}" -q download "$pkg=${p#*=}" >/dev/null)
		deb=$(ls "$tmp"/*.deb)
		if ! echo "${SHA256[$pkg]}  $deb" | sha256sum --check --status; then
			echo "fetch-target: checksum mismatch for $(basename "$deb")" >&2
			exit 1
		fi
		dpkg-deb -x "$deb" "$root"
		rm "$deb"
	done
	touch "$root/.done"
	echo "target: $root"
done
