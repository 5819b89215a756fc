#!/bin/sh
# Compares the ABI of the built librtmp-handshake with the committed baseline
# abi/librtmp-handshake.abi and fails on any difference (abidiff reports
# removed or added functions, changed parameter/return types, SONAME).
#
# Usage: check_abi.sh LIBRARY SOURCE_DIR WORK_DIR
set -eu

lib=$1
src=$2
work=$3
here=$(dirname "$0")
# shellcheck source=tests/abi/abi_dump.sh
. "$here/abi_dump.sh"

baseline="$src/abi/librtmp-handshake.abi"
[ -f "$baseline" ] || {
  echo "check_abi: no baseline $baseline; create it with tests/abi/update-baseline.sh" >&2
  exit 1
}
mkdir -p "$work"
current="$work/librtmp-handshake.abi"
abi_dump "$lib" "$src" "$current"

if ! abi_has_debug_info "$lib"; then
  # Without DWARF only the ELF symbols (names, versions, SONAME) are compared.
  echo "check_abi: NOTE: $lib has no debug info, so types are not compared;" \
    "a Debug or RelWithDebInfo build checks them too."
fi

status=0
abidiff "$baseline" "$current" || status=$?
if [ "$status" -ne 0 ]; then
  cat >&2 <<MSG
check_abi: the ABI of $lib differs from $baseline (abidiff exit $status:
1 error, 4 change, 8 incompatible change; see the report above).
If the change is intended, also bump SOVERSION if it is incompatible, note it
in CHANGELOG.md, and regenerate the baseline from a Debug shared build:
  cmake --preset dev -B build/dev && cmake --build build/dev
  tests/abi/update-baseline.sh build/dev
MSG
  exit 1
fi
echo "check_abi: ABI matches $baseline"
