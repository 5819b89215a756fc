#!/bin/sh
# The shared library must export exactly the functions the public header
# declares, all under the version node RTMP_HS_0, and nothing else (no C++
# symbols from the core, no data).
#
# Usage: check_exports.sh LIBRARY HEADER
set -eu

lib=$1
header=$2
fail=0

exports=$(nm -D --defined-only "$lib")
[ -n "$exports" ] || {
  echo "check_exports: nm -D listed nothing for $lib" >&2
  exit 1
}

# Every defined dynamic symbol: a rtmp_hs_* function, default version
# RTMP_HS_0, or the version node itself.
bad=$(printf '%s\n' "$exports" | awk '
  $2 == "A" && $3 == "RTMP_HS_0" { next }
  $2 == "T" && $3 ~ /^rtmp_hs_[a-z0-9_]+@@RTMP_HS_0$/ { next }
  { print }')
if [ -n "$bad" ]; then
  echo "check_exports: unexpected dynamic symbols in $lib:" >&2
  printf '%s\n' "$bad" >&2
  fail=1
fi

exported=$(printf '%s\n' "$exports" |
  sed -n 's/^[0-9a-f]* T \(rtmp_hs_[a-z0-9_]*\)@@RTMP_HS_0$/\1/p' | sort)
declared=$(grep '^RTMP_HS_EXTERN' "$header" |
  sed -n 's/.*[ *]\(rtmp_hs_[a-z0-9_]*\)(.*/\1/p' | sort)
[ -n "$declared" ] || {
  echo "check_exports: found no RTMP_HS_EXTERN declarations in $header" >&2
  exit 1
}
missing=$(printf '%s\n' "$declared" | grep -vxF "$exported" || true)
extra=$(printf '%s\n' "$exported" | grep -vxF "$declared" || true)
if [ -n "$missing" ]; then
  echo "check_exports: declared in $header but not exported:" >&2
  printf '%s\n' "$missing" | sed 's/^/  /' >&2
  fail=1
fi
if [ -n "$extra" ]; then
  echo "check_exports: exported but not declared in $header:" >&2
  printf '%s\n' "$extra" | sed 's/^/  /' >&2
  fail=1
fi
[ "$fail" -eq 0 ] || exit 1
echo "check_exports: $(printf '%s\n' "$exported" | wc -l) functions, all rtmp_hs_*@@RTMP_HS_0"
