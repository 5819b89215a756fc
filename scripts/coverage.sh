#!/usr/bin/env bash
# Line and branch coverage of the library (src/ and capi/ only) by the whole
# ctest suite, GCC --coverage (preset `coverage`), measured with gcovr.
#   scripts/coverage.sh [build-dir]          # default build/coverage
#   COVERAGE_CTEST_ARGS="-LE interop" scripts/coverage.sh   # narrower run
# All suites run by default: interop drives the library through the tool
# against real peers (ffmpeg, rtmpdump, nginx), and only the full suite says
# what nothing tests. ctest runs on all cores.
# Writes <build>/coverage/: summary.txt (figures + every uncovered line and
# branch), summary.json, index.html (annotated sources).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${1:-build/coverage}
out=$build/coverage
jobs=$(nproc)

cmake --preset coverage -B "$build" >/dev/null
cmake --build "$build" -j "$jobs"
find "$build" -name '*.gcda' -delete  # counts from this run only
mkdir -p "$out"

set +e
# shellcheck disable=SC2086  # word splitting of the extra arguments is wanted
ctest --test-dir "$build" -j "$jobs" --output-on-failure ${COVERAGE_CTEST_ARGS:-} \
  >"$out/ctest.log" 2>&1
ctest_rc=$?
set -e
grep -E 'tests passed|tests failed' "$out/ctest.log" || true
[ $ctest_rc -ne 0 ] && grep -A100 'The following tests FAILED' "$out/ctest.log" >&2

gcovr_args=(--root "$root" --filter "$root/src/" --filter "$root/capi/"
            --exclude-unreachable-branches --exclude-throw-branches "$build")
gcovr "${gcovr_args[@]}" --json "$out/coverage.json" \
  --json-summary "$out/summary.json" --json-summary-pretty \
  --html-details "$out/index.html" >/dev/null

python3 - "$out/coverage.json" "$out/summary.json" >"$out/summary.txt" <<'PY'
import json, sys
files = json.load(open(sys.argv[1]))["files"]
summary = json.load(open(sys.argv[2]))
print("rtmp-handshake coverage (src/ capi/)")
print(f"lines:    {summary['line_percent']:5.1f}%  "
      f"({summary['line_covered']}/{summary['line_total']})")
print(f"branches: {summary['branch_percent']:5.1f}%  "
      f"({summary['branch_covered']}/{summary['branch_total']})")
print(f"functions:{summary['function_percent']:5.1f}%  "
      f"({summary['function_covered']}/{summary['function_total']})")
print()
for f in sorted(files, key=lambda f: f["file"]):
    missed = []
    for line in f["lines"]:
        if line.get("gcovr/noncode"):
            continue
        n = line["line_number"]
        if line["count"] == 0:
            missed.append(f"{f['file']}:{n}: line never executed")
            continue
        branches = line.get("branches", [])
        untaken = [i for i, b in enumerate(branches) if b["count"] == 0]
        if untaken:
            missed.append(f"{f['file']}:{n}: branch {','.join(map(str, untaken))} "
                          f"of {len(branches)} never taken")
    for m in missed:
        print(m)
PY
cat "$out/summary.txt"
echo "coverage: report in $out/index.html, summary in $out/summary.txt"
if [ $ctest_rc -ne 0 ]; then
  echo "coverage: some tests failed (see $out/ctest.log)" >&2
  exit 1
fi
