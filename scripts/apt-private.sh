# A private apt configuration (sourced): its own sources, lists and cache
# under $CACHE/apt-NAME, so the machine's apt setup stays untouched.  The
# archive is the Debian archive this machine's apt configuration uses.
# shellcheck shell=bash

# private_apt NAME LINE... : set up apt_opts for sources LINEs ("deb SUITE",
# "deb-src SUITE") and update their lists.  APT_ARCHES (arm64,armhf) lists
# other architectures whose packages to fetch.
private_apt() {
	local name=$1 mirror dir line
	shift
	# The first source whose release is labelled "Debian" (not security).
	mirror=${PFNMAP_DEBIAN_MIRROR:-$(apt-cache policy | awk '
		/^ *[0-9]+ (https?|file):/ { uri = $2 }
		/release .*o=Debian,.*l=Debian,/ && uri { print uri; exit }')}
	if [ -z "$mirror" ]; then
		echo "apt: no Debian archive in this machine's apt configuration" >&2
		echo "  (run 'apt-get update' first, or set PFNMAP_DEBIAN_MIRROR)" >&2
		return 1
	fi
	dir=$CACHE/apt-$name
	mkdir -p "$dir/lists/partial" "$dir/archives/partial"
	for line in "$@"; do
		echo "${line%% *} [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror ${line#* } main"
	done >"$dir/sources.list"
	apt_opts=(-o "Dir::Etc::SourceList=$dir/sources.list"
		  -o "Dir::Etc::SourceParts=/dev/null"
		  -o "Dir::State::Lists=$dir/lists"
		  -o "Dir::Cache=$dir"
		  -o "Dir::State::status=/dev/null"
		  -o "APT::Get::List-Cleanup=0"
		  -o "APT::Sandbox::User=root"
		  # A mirror may serve sid with an expired Release file; what is
		  # fetched is vouched for by the pinned sha256 sums instead.
		  -o "Acquire::Check-Valid-Until=false")
	[ -z "${APT_ARCHES:-}" ] || apt_opts+=(-o "APT::Architectures=$APT_ARCHES")
	apt-get "${apt_opts[@]}" -q update >/dev/null
}

# check_version PKG VERSION [madison args]: fail, saying what is there, when
# PKG VERSION is not available.
check_version() {
	local available
	available=$(apt-cache "${apt_opts[@]}" madison "$1" |
		    awk -F'|' '{ gsub(/ /, "", $2); print $2 }' | sort -u)
	grep -qxF "$2" <<<"$available" && return
	echo "apt: $1 $2 is not in the archive any more" >&2
	echo "  expected: $2" >&2
	echo "  available: $(tr "\n" " " <<<"${available:-none}")" >&2
	return 1
}
