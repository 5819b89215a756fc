#!/usr/bin/env bash
# Builds the libFuzzer targets (preset `fuzz`: clang, ASan + UBSan, static)
# and runs each for FUZZ_SECONDS (default 60) from the committed corpus,
# printing the executions per target. Any crash, leak, timeout or OOM fails
# the run; the input is copied to fuzz/regressions/<target>/, which
# tests/fuzz_replay replays in every ordinary test run from then on.
#   scripts/run-fuzzers.sh [build-dir]     # default build/fuzz
#   FUZZ_SECONDS=600 FUZZ_TARGETS="fuzz_server" scripts/run-fuzzers.sh
# New coverage-increasing inputs go to fuzz/corpus-run/<target>/ (ignored by
# git); merge the useful ones into fuzz/corpus/ by hand (-merge=1).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/fuzz}
seconds=${FUZZ_SECONDS:-60}
read -r -a targets <<<"${FUZZ_TARGETS:-fuzz_server fuzz_client fuzz_differential}"

cmake --preset fuzz -B "$build" >/dev/null
cmake --build "$build" -j "$(nproc)" --target "${targets[@]}"

logs=$build/fuzz-logs
mkdir -p "$logs"
failed=0
printf '%-18s %12s %9s %8s %s\n' target executions exec/s corpus result
for t in "${targets[@]}"; do
  work=fuzz/corpus-run/$t
  artifacts=$logs/$t-artifacts
  mkdir -p "$work" "fuzz/regressions/$t"
  rm -rf "$artifacts" && mkdir -p "$artifacts"
  set +e
  "$build/fuzz/$t" -max_total_time="$seconds" -max_len=8192 -timeout=30 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/" \
    "$work" "fuzz/corpus/$t" "fuzz/regressions/$t" >"$logs/$t.log" 2>&1
  rc=$?
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logs/$t.log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$logs/$t.log" | tail -1)
  corpus=$(find "$work" -type f | wc -l)
  result=ok
  shopt -s nullglob
  found=("$artifacts"/*)
  shopt -u nullglob
  if [ $rc -ne 0 ] || [ ${#found[@]} -ne 0 ] || [ -z "$execs" ]; then
    result="FAILED (exit $rc)"
    failed=1
    for f in "${found[@]}"; do
      cp "$f" "fuzz/regressions/$t/"
      result="$result, saved fuzz/regressions/$t/$(basename "$f")"
    done
  fi
  printf '%-18s %12s %9s %8s %s\n' "$t" "${execs:-?}" "${rate:-?}" "$corpus" "$result"
  if [ "$result" != ok ]; then
    grep -E -m 20 'invariant violated|ERROR: |SUMMARY: |runtime error' "$logs/$t.log" >&2 || tail -20 "$logs/$t.log" >&2
  fi
done
if [ $failed -ne 0 ]; then
  echo "run-fuzzers: FAILED; logs in $logs; replay with $build/fuzz/<target> <file>" >&2
  exit 1
fi
echo "run-fuzzers: no crash in ${seconds}s per target (logs in $logs)"
