#!/bin/bash
# Fetch the pinned base kernel source (Debian's linux-source package) into the
# cache, through a private apt configuration so the machine's sources stay
# untouched.  The archive address is read from the machine's apt setup.
set -euo pipefail

cd "$(dirname "$0")/.."
. scripts/common.sh
PKG=linux-source-7.3
VERSION=$BASE_VERSION
SHA256=703e369ddd4cce971452f5a593ee55df3a5c10c83caf0fa0df039633ed181ee3
SUITE=trixie-backports
DEB=$BASE_DEB

verify() {
	echo "$SHA256  $1" | sha256sum --check --status
}

if [ -f "$DEB" ] && verify "$DEB"; then
	exit 0
fi
[ ! -f "$DEB" ] || echo "fetch-base: $DEB fails its checksum, fetching it again"

. scripts/apt-private.sh
echo "fetch-base: $PKG $VERSION from $SUITE"
private_apt base "deb $SUITE"
check_version "$PKG" "$VERSION"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get "${apt_opts[@]}" -q download "$PKG=$VERSION")
got=$(ls "$tmp"/*.deb)
if ! verify "$got"; then
	echo "fetch-base: checksum mismatch for $(basename "$got")" >&2
	echo "  expected: $SHA256" >&2
	echo "  got:      $(sha256sum "$got" | cut -d' ' -f1)" >&2
	exit 1
fi
mv "$got" "$DEB"
echo "base: $DEB (checksum ok)"
