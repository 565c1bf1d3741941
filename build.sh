#!/usr/bin/env bash
# The two commands a new machine needs: `./build.sh demo` and `./build.sh test`.
#   build             install deps, configure (Ninja, Release with assertions on) and build
#   test              build (and install Chromium for the browser test), then run every
#                     ctest inside a loopback-only network namespace
#   test --sanitize   the same with ASan + UBSan (no recovery) in build-sanitize/, the e2e
#                     fleets kept small (IOTPROBE_E2E_SCALE=small); any report fails it
#   asan              an alias of `test --sanitize`
#   fuzz [SECONDS]    build the libFuzzer targets with clang (build-fuzz/) and run each for
#                     SECONDS (default 60) from its seed corpus; non-zero on any finding
#   demo              build, then run the main job on the simulated fleet (loopback only)
#   bench             as root: install the bench packages, build iotprobe and the mock, run the
#                     peer benchmark (tests/bench/peers/run.sh; options pass through) into
#                     BUILD/bench/
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
    -DCMAKE_CXX_FLAGS_RELEASE="${IOTPROBE_OPT:--O2}" "$@" >/dev/null
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

# Every sanitizer report ends the process with exit code 86 and is also written to
# <dir>/sanitizer-reports/, which must stay empty: a report in a child whose exit code a
# script ignores still fails the pass.
sanitize_tests() {
  local dir=build-sanitize reports
  # -O1, as the ASan documentation advises: reports stay exact and the build, which
  # dominates CI's time, is shorter than at -O2.
  IOTPROBE_OPT=-O1 IOTPROBE_TEST_DEPS=1 build "$dir" -DIOTPROBE_SANITIZE=ON
  reports="$PWD/$dir/sanitizer-reports"
  rm -rf "$reports" && mkdir -p "$reports"
  export ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:exitcode=86:detect_leaks=1:log_path=$reports/asan"
  export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=86:log_path=$reports/ubsan"
  export LSAN_OPTIONS="exitcode=86"
  export IOTPROBE_E2E_SCALE=small
  local status=0
  run_tests "$dir" || status=$?
  if compgen -G "$reports/*" >/dev/null; then
    say "sanitizer reports in $reports:"
    cat "$reports"/* >&2
    status=1
  fi
  return "$status"
}

fuzz() {
  IOTPROBE_FUZZ_DEPS=1 ./scripts/install-deps.sh
  JOBS=$jobs bash tests/fuzz/run.sh "${1:-60}"
}

case "${1:-build}" in
  build) build "$build_dir" ;;
  test)
    case "${2:-}" in
      "") IOTPROBE_TEST_DEPS=1 build "$build_dir"; run_tests "$build_dir" ;;
      --sanitize) sanitize_tests ;;
      *) echo "usage: $0 test [--sanitize]" >&2; exit 2 ;;
    esac ;;
  asan) sanitize_tests ;;
  fuzz) fuzz "${2:-60}" ;;
  demo) build "$build_dir"; ./scripts/netns-run ./scripts/demo.sh "$build_dir" ;;
  bench) shift; bench "$@" ;;
  *) echo "usage: $0 build|test [--sanitize]|fuzz [SECONDS]|demo|asan|bench" >&2; exit 2 ;;
esac
