#!/usr/bin/env bash
# The storm benchmark: builds the tool and the load generator (Release) and
# runs bench/storm/storm.py, which starts `rtmp-handshake serve` and nginx
# with nginx-rtmp (Debian: nginx-light, libnginx-mod-rtmp) on free 127.0.0.1
# ports as its own children and drives N concurrent handshakes + `connect`
# into each, in the same run. Prints JSON lines, then a table of server CPU
# per handshake and how long a new client waited while N were open.
#   scripts/storm.sh                         # steps 1000,5000,10000
#   scripts/storm.sh --steps 2000,10000      # at most 20000 each
# Speed is only measured here, never asserted. Takes well under a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null
cmake --build --preset release -j "${BENCH_JOBS:-2}" --target rtmp_hs_cli rtmp_hs_storm >/dev/null
exec python3 bench/storm/storm.py \
  --tool build/release/tools/rtmp-handshake \
  --storm build/release/bench/storm/rtmp_hs_storm "$@"
