#!/bin/sh
# The SONAME follows the versioning policy: 0.<minor> while the major version
# is 0 (every minor release may break the ABI), then <major>.
#
# Usage: check_soname.sh LIBRARY EXPECTED_SONAME
set -eu

soname=$(readelf -d "$1" | sed -n 's/.*(SONAME).*\[\(.*\)\]$/\1/p')
if [ "$soname" != "$2" ]; then
  echo "check_soname: $1 has SONAME '${soname}', expected '$2'" >&2
  exit 1
fi
echo "check_soname: $soname"
