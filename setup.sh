#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Sets up a Debian 12 machine to build, test and run newswatch, then builds it into ./build.
# Idempotent: installs only the Debian packages that are missing (as root, or through sudo) and
# reuses an existing build tree. Usage: ./setup.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")"

# Every package the build, the tests and the demo need; one line per reason.
packages=(
  build-essential cmake pkg-config git ca-certificates        # toolchain
  libboost1.81-dev libboost-url1.81-dev                       # Asio, Beast, URL
  libcurl4-openssl-dev                                        # fetching, webhooks, email
  libbrotli-dev                                               # brotli bodies in fetch tests
  libpugixml-dev                                              # RSS/Atom parsing
  libspdlog-dev libfmt-dev                                    # logging
  libyaml-cpp-dev                                             # rule and config files
  nlohmann-json3-dev                                          # JSON in and out
  libsqlite3-dev                                              # the store
  libicu-dev                                                  # text normalisation, encodings, time zones
  libcld2-dev                                                 # language detection for lang:
  libkainjow-mustache-dev                                     # digest and email templates
  libuchardet-dev                                             # charset guess for undeclared feeds
  libssl-dev openssl                                          # HMAC signatures; test certificates
  libsystemd-dev                                              # sd_notify
  libgtest-dev libgmock-dev libbenchmark-dev                  # unit tests, benchmarks
  python3 python3-pytest python3-aiosmtpd python3-jsonschema  # integration tests
  clang libclang-rt-14-dev                                    # libFuzzer targets (tests/fuzz)
  chromium fonts-wqy-microhei                                 # digest screenshot test (headless), CJK glyphs
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing ${#missing[@]} Debian package(s): ${missing[*]}"
  sudo=()
  [[ $(id -u) == 0 ]] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all ${#packages[@]} Debian packages already installed"
fi

[[ ${1:-} == --no-build ]] && exit 0
# The compiler's progress goes to a log; on failure its end is shown.
log=build/setup-build.log
mkdir -p build
echo "setup: building into ./build (Release; a first build takes several minutes on 2 cores; log: $log)"
if ! { cmake -S . -B build -DCMAKE_BUILD_TYPE=Release ${NEWSWATCH_CMAKE_ARGS:-} &&
       cmake --build build -j"$(nproc)"; } >"$log" 2>&1; then
  tail -n 40 "$log"
  echo "setup: the build failed; the whole log is $log" >&2
  exit 1
fi
echo "setup: done; the binary is ./build/newswatch"
