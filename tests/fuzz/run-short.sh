#!/usr/bin/env bash
# Builds the libFuzzer targets with clang into ./build-fuzz and runs each for SECONDS (default 30)
# on its seed corpus. Exit non-zero on the first crash, leak, hang or sanitizer report.
# usage: tests/fuzz/run-short.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-30}
cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DNEWSWATCH_FUZZ=ON \
  -DNEWSWATCH_BUILD_TESTS=OFF -DNEWSWATCH_BUILD_BENCH=OFF >/dev/null
targets=$(cmake --build build-fuzz --target help | sed -n 's/^\.\.\. \(fuzz_[a-z_]*\)$/\1/p')
[[ -n $targets ]] || { echo "run-short: no fuzz targets"; exit 1; }
cmake --build build-fuzz -j"$(nproc)" --target $targets
for t in $targets; do
  seeds="tests/fuzz/seeds/${t#fuzz_}"
  mkdir -p "build-fuzz/corpus/$t"
  echo "run-short: $t for ${seconds}s"
  "build-fuzz/tests/fuzz/"*/"$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 "build-fuzz/corpus/$t" $( [[ -d $seeds ]] && echo "$seeds" ) 2>&1 | tail -n 12
done
