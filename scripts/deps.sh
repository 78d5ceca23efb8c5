#!/bin/bash
# Install the build and test dependencies (Debian packages) and fetch the
# pinned base kernel source into the cache.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
	gcc make bc bison flex libelf-dev libssl-dev dwarves cpio kmod file procps
	busybox-static ccache git python3 xz-utils zstd rsync
	liburing-dev libcap-dev libnuma-dev
	gnuplot-nox
	# the screen check: a screendump (PPM) to PNG
	netpbm
	shellcheck python3-ply python3-git
)
# Each architecture's compiler and QEMU (HOST_PACKAGES of scripts/arch/).
for f in scripts/arch/*.sh; do
	read -ra more <<<"$(sed -n 's/^HOST_PACKAGES="\(.*\)"$/\1/p' "$f")"
	packages+=("${more[@]}")
done
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	[ "$(id -u)" = 0 ] || { echo "deps: run as root to install: ${missing[*]}" >&2; exit 1; }
	echo "deps: missing packages, running the 'make deps' step: ${missing[*]}"
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
scripts/fetch-base.sh
scripts/fetch-sparse.sh
scripts/fetch-target.sh
