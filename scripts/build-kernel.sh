#!/bin/bash
# Build the kernel and modules of build/linux into build/obj/$ARCH-$FLAVOUR
# (O= directory, ccache) from tinyconfig plus the fragments in configs/
# (kernel_fragments in scripts/arch.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
. scripts/arch.sh

if [ -n "$VARIANT" ] && [ ! -e "$TREE/.git" ]; then
	git -C "$BUILD/linux" worktree add -f --detach "$TREE" base
fi
[ -e "$TREE/.git" ] || die "kernel: no $TREE; run 'make tree' first"
mkdir -p "$OBJ"
read -ra fragments <<<"$(kernel_fragments | xargs)"
# Relative paths let ccache share objects between trees and clones.
export CCACHE_BASEDIR=$BUILD
kmake=(make -C "$TREE" O="$OBJ" ARCH="$KARCH" ${CROSS_COMPILE:+CROSS_COMPILE="$CROSS_COMPILE"}
       CC="ccache ${CROSS_COMPILE}gcc" -j"$(nproc)" -s)

# Regenerate .config when a fragment changed.
stamp=$OBJ/.config-fragments
want=$(cat "${fragments[@]}" | sha256sum)
if [ ! -f "$OBJ/.config" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
	echo "kernel: configuring $OBJ (${fragments[*]})"
	"${kmake[@]}" tinyconfig >/dev/null
	KCONFIG_CONFIG="$OBJ/.config" "$TREE/scripts/kconfig/merge_config.sh" -m -O "$OBJ" \
		"$OBJ/.config" "${fragments[@]}" >/dev/null
	"${kmake[@]}" olddefconfig >/dev/null
	# Every option set must have survived (the last fragment to set it
	# wins): a dropped option is a broken config.
	missing=$(awk '/^CONFIG_[A-Z0-9_]+=/ { split($0, kv, "="); last[kv[1]] = $0 }
		       /^# CONFIG_[A-Z0-9_]+ is not set/ { last[$2] = "" }
		       END { for (k in last) if (last[k] != "") print last[k] }' "${fragments[@]}" |
		  sort | grep -vxF -f "$OBJ/.config" || true)
	# The base has no test drivers of the series.
	[ -z "$VARIANT" ] ||
		missing=$(grep -Ev '^CONFIG_(PFNMAP_TEST|FB_DEFIO_TEST)=' <<<"$missing" || true)
	[ -z "$missing" ] || die "kernel: options not taken by kconfig:"$'\n'"$missing"
	echo "$want" >"$stamp"
fi

echo "kernel: building $OBJ"
"${kmake[@]}" "$KIMAGE_TARGET" modules "$@"
rm -rf "$OBJ/modroot"
"${kmake[@]}" INSTALL_MOD_PATH="$OBJ/modroot" INSTALL_MOD_STRIP=1 modules_install >/dev/null
"${kmake[@]}" headers >/dev/null
echo "kernel: $OBJ/$KIMAGE"
