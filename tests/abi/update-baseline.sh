#!/bin/sh
# Regenerates abi/librtmp-handshake.abi from a shared build that has debug
# info (the dev preset), after an intended ABI change.
#
# Usage: tests/abi/update-baseline.sh [BUILD_DIR]   (default build/dev)
set -eu

here=$(cd "$(dirname "$0")" && pwd -P)
src=$(cd "$here/../.." && pwd -P)
build=${1:-$src/build/dev}
# shellcheck source=tests/abi/abi_dump.sh
. "$here/abi_dump.sh"

lib=$(find "$build" -path "$build/tests" -prune -o \
  -name 'librtmp-handshake.so.*.*.*' -type f -print | head -n 1)
[ -n "$lib" ] || {
  echo "update-baseline: no shared librtmp-handshake under $build" >&2
  exit 1
}
abi_has_debug_info "$lib" || {
  echo "update-baseline: $lib has no debug info; use a Debug build (dev preset)" >&2
  exit 1
}
mkdir -p "$src/abi"
abi_dump "$lib" "$src" "$src/abi/librtmp-handshake.abi"
echo "update-baseline: wrote abi/librtmp-handshake.abi from $lib"
