#!/usr/bin/env bash
# The storm benchmark: builds the tool and the load generator (Release; the
# tool twice, with the default mbedTLS and with the nettle SHA-256 backend)
# and runs bench/storm/storm.py, which starts `rtmp-handshake serve` (both
# builds) and nginx with nginx-rtmp (Debian: nginx-light, libnginx-mod-rtmp)
# on free 127.0.0.1 ports as its own children and drives N concurrent
# handshakes + `connect` into each, in the same run. Prints JSON lines, then
# a table of server CPU per handshake and how long a new client waited while
# N were open.
#   scripts/storm.sh                         # steps 1000,5000,10000, 3 rounds
#   scripts/storm.sh --steps 2000,10000 --repeat 1   # at most 20000 each, 1..5 rounds
# The load generator is the nettle build: it has to outrun the servers, or a
# fast server idles between its events and pays a wake-up for each (with the
# mbedTLS build driving it, `serve` measured about 25% more CPU per
# handshake; nginx-rtmp, slower than either, the same).
# Speed is only measured here, never asserted. The default run (3 rounds of
# 1000, 5000, 10000) takes about a minute and a half on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
for preset in storm storm-nettle; do
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "${BENCH_JOBS:-2}" >/dev/null
done
exec python3 bench/storm/storm.py \
  --tool build/storm/tools/rtmp-handshake \
  --tool-nettle build/storm-nettle/tools/rtmp-handshake \
  --storm build/storm-nettle/bench/storm/rtmp_hs_storm "$@"
