#!/usr/bin/env bash
# Builds the benchmark suite (Release) and runs it: Google Benchmark's lines
# for each benchmark's repetitions, then a table of medians as ratios to the
# unit (one mbedTLS HMAC-SHA256 over 1504 bytes) and to the floor, both
# measured in the same run.
#   scripts/bench.sh                          # default SHA-256 backend (mbedTLS)
#   RTMP_HS_SHA256=nettle scripts/bench.sh    # the nettle backend (bench-nettle)
#   scripts/bench.sh --benchmark_filter='unit|floor|pair'   # flags pass through
# Speed is only measured here, never asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=bench
[ "${RTMP_HS_SHA256:-mbedtls}" = nettle ] && preset=bench-nettle
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "${BENCH_JOBS:-2}" >/dev/null
exec "build/$preset/bench/rtmp_hs_bench" "$@"
