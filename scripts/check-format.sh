#!/usr/bin/env bash
# Checks that every C/C++ source is clang-format-14 clean (repo .clang-format).
#   scripts/check-format.sh          # check; lists offending files, exit 1
#   scripts/check-format.sh --fix    # rewrite them in place
set -euo pipefail
cd "$(dirname "$0")/.."

clang_format=${CLANG_FORMAT:-clang-format-14}
dirs=()
for d in src capi include tools examples tests fuzz bench; do
  [ -d "$d" ] && dirs+=("$d")
done
mapfile -t files < <(find "${dirs[@]}" -type f \( -name '*.h' -o -name '*.c' -o -name '*.cc' \) | sort)
if [ ${#files[@]} -eq 0 ]; then
  echo "check-format: no sources found" >&2
  exit 1
fi

if [ "${1:-}" = --fix ]; then
  "$clang_format" -i "${files[@]}"
  echo "check-format: formatted ${#files[@]} files"
  exit 0
fi

bad=()
for f in "${files[@]}"; do
  "$clang_format" --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ ${#bad[@]} -ne 0 ]; then
  echo "check-format: ${#bad[@]} of ${#files[@]} files need clang-format (scripts/check-format.sh --fix):" >&2
  for f in "${bad[@]}"; do
    echo "  $f" >&2
    "$clang_format" --dry-run "$f" 2>&1 | grep -m 3 'warning:' | sed 's/^/    /' >&2 || true
  done
  exit 1
fi
echo "check-format: ${#files[@]} files clean"
