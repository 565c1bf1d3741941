#!/usr/bin/env bash
# Builds the libFuzzer binaries in a separate clang build dir (IOTPROBE_FUZZ=ON) and runs
# each fuzzer in turn, one process at a time, for SECONDS each. New inputs go to
# <build>/fuzz-corpus/<name>/, crashes to <build>/fuzz-artifacts/<name>/; exit 1 if any
# fuzzer failed. It never touches the committed corpus and never opens a socket.
# Usage: tests/fuzz/run.sh [SECONDS] [NAME...]  (env: BUILD_DIR, CXX, JOBS, FUZZ_ARGS)
set -euo pipefail
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
seconds=${1:-60}
[[ $# -gt 0 ]] && shift
build=${BUILD_DIR:-$src/build-fuzz}
cxx=${CXX:-clang++-14}
all=(http_response upnp_description ssdp_reply targets packet_decode fingerprint_regex fingerprint_match)
names=("$@")
[[ ${#names[@]} -eq 0 ]] && names=("${all[@]}")

cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER="$cxx" -DIOTPROBE_FUZZ=ON >/dev/null
targets=()
for name in "${names[@]}"; do targets+=("fuzz_$name"); done
cmake --build "$build" -j"${JOBS:-2}" --target "${targets[@]}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=()
for name in "${names[@]}"; do
  corpus="$build/fuzz-corpus/$name"
  artifacts="$build/fuzz-artifacts/$name"
  mkdir -p "$corpus" "$artifacts"
  mapfile -t seeds <"$build/tests/fuzz/$name.seeds"
  echo "== fuzz_$name for ${seconds}s (corpus $corpus)"
  # shellcheck disable=SC2086  # FUZZ_ARGS is a list of libFuzzer flags
  if ! "$build/tests/fuzz/fuzz_$name" "$corpus" "${seeds[@]}" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -artifact_prefix="$artifacts/" -print_final_stats=1 ${FUZZ_ARGS:-} 2>"$build/fuzz-$name.log"; then
    failed+=("$name")
    echo "!! fuzz_$name failed: see $build/fuzz-$name.log and $artifacts/"
  fi
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|Done [0-9]+ runs" "$build/fuzz-$name.log" || true
done
if [[ ${#failed[@]} -ne 0 ]]; then
  echo "fuzzers with findings: ${failed[*]}"
  exit 1
fi
echo "all fuzzers ran ${seconds}s without a finding: ${names[*]}"
