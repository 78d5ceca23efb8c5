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

# The Debian archive this machine already uses: the first source whose
# release is labelled "Debian" (not the security archive).
mirror=${PFNMAP_DEBIAN_MIRROR:-$(apt-cache policy | awk '
	/^ *[0-9]+ (https?|file):/ { uri = $2 }
	/release .*o=Debian,.*l=Debian,/ && uri { print uri; exit }')}
if [ -z "$mirror" ]; then
	echo "fetch-base: no Debian archive in this machine's apt configuration" >&2
	echo "  (run 'apt-get update' first, or set PFNMAP_DEBIAN_MIRROR)" >&2
	exit 1
fi

apt_dir="$CACHE/apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $SUITE main" \
	>"$apt_dir/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list"
	  -o "Dir::Etc::SourceParts=/dev/null"
	  -o "Dir::State::Lists=$apt_dir/lists"
	  -o "Dir::Cache=$apt_dir"
	  -o "Dir::State::status=/dev/null"
	  -o "APT::Get::List-Cleanup=0"
	  -o "APT::Sandbox::User=root")

echo "fetch-base: $PKG $VERSION from $SUITE"
apt-get "${apt_opts[@]}" -q update >/dev/null
available=$(apt-cache "${apt_opts[@]}" madison "$PKG" | awk -F'|' '{gsub(/ /, "", $2); print $2}')
if ! grep -qxF "$VERSION" <<<"$available"; then
	echo "fetch-base: $PKG $VERSION is not in $SUITE any more" >&2
	echo "  expected: $VERSION (sha256 $SHA256)" >&2
	echo "  available: ${available:-none}" >&2
	exit 1
fi

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
