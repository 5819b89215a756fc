#!/usr/bin/env bash
# clang-tidy 14 (repo .clang-tidy, warnings are errors) over the library and
# tools: every src/ capi/ tools/ translation unit in the build's
# compile_commands.json (tools/tests/ excluded: tests are out of scope, as
# tests/ is); headers via HeaderFilterRegex.
#   scripts/run-tidy.sh [build-dir]     # default build/dev (configure it first)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${1:-build/dev}
if [ ! -f "$build/compile_commands.json" ]; then
  echo "run-tidy: $build/compile_commands.json missing (cmake --preset dev first)" >&2
  exit 1
fi
jobs=${TIDY_JOBS:-$(nproc)}

# run-clang-tidy matches files by regex; list them first so an empty match
# (wrong build dir) is an error, not a silent pass.
count=$(python3 - "$build/compile_commands.json" "$root" <<'PY'
import json, re, sys
entries = json.load(open(sys.argv[1]))
pattern = re.compile(re.escape(sys.argv[2]) + r"/(src/|capi/|tools/(?!tests/))")
print(len({e["file"] for e in entries if pattern.match(e["file"])}))
PY
)
if [ "$count" -eq 0 ]; then
  echo "run-tidy: no src/ capi/ tools/ files in $build/compile_commands.json" >&2
  exit 1
fi

log=${TIDY_LOG:-$build/clang-tidy.log}
set +e
run-clang-tidy-14 -clang-tidy-binary clang-tidy-14 -p "$build" -j "$jobs" -quiet \
  "^$root/(src/|capi/|tools/(?!tests/))" >"$log" 2>&1
rc=$?
set -e
# Each header finding repeats once per including file: show each once.
findings=$(sed 's/\x1b\[[0-9;]*m//g' "$log" |
  grep -E '^[^ ].*:[0-9]+:[0-9]+: (warning|error):' | sort -u || true)
n=0
[ -n "$findings" ] && n=$(printf '%s\n' "$findings" | wc -l)
if [ $rc -ne 0 ] || [ "$n" -ne 0 ]; then
  if [ "$n" -eq 0 ]; then
    tail -30 "$log" >&2  # clang-tidy failed without a finding: show why
  else
    printf '%s\n' "$findings" | sed "s|^$root/||"
  fi
  echo "run-tidy: $n finding(s) in $count files" >&2
  exit 1
fi
echo "run-tidy: $count files clean"
