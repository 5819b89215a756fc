#!/usr/bin/env bash
# Installs, from Debian 12's packages, whatever the build and the test suite
# need and the machine lacks. Does nothing when all is present.
#   scripts/install-deps.sh build   # compilers, cmake, mbedTLS, GoogleTest
#   scripts/install-deps.sh test    # + man page and API docs tools, real peers,
#                                   #   analysers, valgrind, coverage
set -euo pipefail

build_pkgs=(build-essential cmake ninja-build pkgconf libmbedtls-dev libgtest-dev
            python3 nettle-dev)
test_pkgs=(help2man doxygen man-db git
           clang libclang-rt-14-dev clang-format clang-tidy cppcheck valgrind gcovr
           abigail-tools libbenchmark-dev
           ffmpeg rtmpdump librtmp-dev nginx-light libnginx-mod-rtmp libnginx-mod-stream
           openssl ca-certificates
           cargo rustc rust-clippy rustfmt python3-pip python3-setuptools python3-wheel)

pkgs=("${build_pkgs[@]}")
[ "${1:-build}" = test ] && pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing missing Debian packages: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
