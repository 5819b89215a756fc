#!/usr/bin/env bash
# The main job: build the command-line tool and run its demo (a server and a
# client over loopback TCP in every mode, and a table of what each side saw).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh build
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target rtmp_hs_cli >/dev/null
exec build/release/tools/rtmp-handshake demo
