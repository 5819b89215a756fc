#!/usr/bin/env bash
# The whole test suite, as the README's test command and CI run it:
#   format -> static analysis -> static build -> nettle backend -> benchmarks
#   build -> ASan+UBSan -> fuzzing ->
#   coverage -> valgrind -> the main (shared, -Werror) build and its full ctest
#   run, last, so the run ends with ctest's summary.
# Installs missing Debian packages first. Needs nothing beside the clone.
set -euo pipefail
cd "$(dirname "$0")/.."

stage() { printf '\n===== %s =====\n' "$*"; }

bash scripts/install-deps.sh test

jobs=$(nproc)

stage "format (clang-format 14)"
bash scripts/check-format.sh

stage "configure + build: dev (shared, Debug, warnings as errors)"
cmake --preset dev >/dev/null
cmake --build --preset dev -j "$jobs"

stage "static analysis (clang-tidy 14, cppcheck)"
bash scripts/run-tidy.sh build/dev
bash scripts/run-cppcheck.sh build/dev

stage "static library build + tests"
cmake --preset static >/dev/null
cmake --build --preset static -j "$jobs"
ctest --preset static -j "$jobs"

stage "nettle SHA-256 backend build + tests"
cmake --preset nettle >/dev/null
cmake --build --preset nettle -j "$jobs"
ctest --preset nettle -j "$jobs"

stage "benchmarks build (speed is measured by scripts/bench.sh, never asserted)"
cmake --preset bench >/dev/null
cmake --build --preset bench -j "$jobs"

stage "ASan + UBSan build + tests"
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$jobs"
ctest --preset asan -j "$jobs"

stage "fuzzing (libFuzzer, ${FUZZ_SECONDS:-60} s per target)"
bash scripts/run-fuzzers.sh

stage "coverage (gcovr)"
bash scripts/coverage.sh

stage "valgrind memcheck (C and Python FFI tests)"
bash scripts/memcheck.sh build/dev

stage "main build: full test suite"
ctest --preset dev -j "$jobs"
