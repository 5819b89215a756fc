# shellcheck shell=sh
# Sourced by check_abi.sh and update-baseline.sh: one definition of how the
# ABI of librtmp-handshake is written out, so the baseline and the build
# under test are always dumped the same way.
#
# abi_dump LIBRARY SOURCE_DIR OUT
#   Only what include/ declares is kept (--headers-dir, --drop-private-types,
#   --exported-interfaces-only); paths that depend on the checkout or build
#   directory are left out (--no-corpus-path, --no-comp-dir-path,
#   --no-show-locs, translation units named relative to SOURCE_DIR), and type
#   ids are content hashes, so Debug builds in any directory agree.
abi_dump() {
  abi_lib=$1
  abi_src=$2
  abi_out=$3
  abidw --headers-dir "$abi_src/include" --drop-private-types \
    --exported-interfaces-only --no-corpus-path --no-comp-dir-path \
    --no-show-locs --type-id-style hash "$abi_lib" >"$abi_out.tmp" || return 1
  sed "s|path='$abi_src/|path='|" "$abi_out.tmp" >"$abi_out" || return 1
  rm -f "$abi_out.tmp"
}

# abi_has_debug_info LIBRARY: true when it carries DWARF (types can be compared).
abi_has_debug_info() {
  readelf -S --wide "$1" | grep -q '[.]debug_info'
}
