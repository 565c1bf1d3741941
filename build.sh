#!/usr/bin/env bash
# The two commands a new machine needs: `./build.sh demo` and `./build.sh test`.
#   build   install deps, configure (Ninja, Release with assertions on) and build
#   test    build, then run every ctest inside a loopback-only network namespace
#   demo    build, then run the main job on the simulated fleet (loopback only)
#   asan    build and test with -fsanitize=address,undefined in build-asan/
#   bench   as root: install the bench packages, build iotprobe and the mock, run the peer
#           benchmark (tests/bench/peers/run.sh; options pass through) into BUILD/bench/
# Environment: IOTPROBE_BUILD_DIR (default build), IOTPROBE_JOBS (default nproc).
set -euo pipefail
cd "$(dirname "$0")"
build_dir=${IOTPROBE_BUILD_DIR:-build}
jobs=${IOTPROBE_JOBS:-$(nproc)}
targets=()  # empty = every target

say() { printf '==> %s\n' "$*" >&2; }

build() {
  local dir=$1; shift
  ./scripts/install-deps.sh
  say "configure $dir"
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_FLAGS_RELEASE="-O2" "$@" >/dev/null
  say "build $dir"
  cmake --build "$dir" -j "$jobs" ${targets[@]:+--target "${targets[@]}"}
}

bench() {
  if [[ $(id -u) -ne 0 ]]; then
    echo "bench: skipped: needs root for ports 80/81 and tc/nft inside the namespace"
    exit 0
  fi
  export IOTPROBE_BENCH_DEPS=1
  targets=(iotprobe iotprobe-mock)
  build "$build_dir"
  ./scripts/netns-run tests/bench/peers/run.sh "$build_dir" "$build_dir/bench" "$@"
}

run_tests() {
  local dir=$1
  say "test $dir (inside a loopback-only network namespace)"
  ./scripts/netns-run ctest --test-dir "$dir" --output-on-failure -j "$jobs" --timeout 600
}

case "${1:-build}" in
  build) build "$build_dir" ;;
  test) build "$build_dir"; run_tests "$build_dir" ;;
  asan) build build-asan -DIOTPROBE_SANITIZE=ON; run_tests build-asan ;;
  demo) build "$build_dir"; ./scripts/netns-run ./scripts/demo.sh "$build_dir" ;;
  bench) shift; bench "$@" ;;
  *) echo "usage: $0 build|test|demo|asan|bench" >&2; exit 2 ;;
esac
