#!/bin/bash
# Build sparse from Debian's source package into the cache: the kernel needs
# a sparse that knows __typeof_unqual__ (0.6.5), newer than this machine's.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

VERSION=0.6.5~rc1-2
ORIG=sparse_0.6.5~rc1.orig.tar.gz
SHA256=3ac8855ec7f3ab92f325be0f64347ccc2b10f8b4d7c2906783ee8e2bdab3f0de
SUITE=sid
[ -x "$SPARSE" ] && exit 0

. scripts/apt-private.sh
echo "fetch-sparse: sparse $VERSION (source) from $SUITE"
private_apt sparse "deb-src $SUITE"
check_version sparse "$VERSION"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get "${apt_opts[@]}" -q --download-only source "sparse=$VERSION" >/dev/null)
if ! echo "$SHA256  $tmp/$ORIG" | sha256sum --check --status; then
	echo "fetch-sparse: checksum mismatch for $ORIG (expected $SHA256)" >&2
	exit 1
fi
tar -xzf "$tmp/$ORIG" -C "$tmp"
make -C "$tmp"/sparse-* -s -j"$(nproc)" sparse >/dev/null
mkdir -p "$(dirname "$SPARSE")"
cp "$tmp"/sparse-*/sparse "$SPARSE"
echo "sparse: $SPARSE"
