#!/usr/bin/env bash
# Builds the libFuzzer binaries in a separate clang build dir (IOTPROBE_FUZZ=ON) and runs
# each fuzzer in turn, one process at a time, for SECONDS each, from its seed corpus. New
# inputs go to <build>/fuzz-corpus/<name>/, findings to <build>/fuzz-artifacts/<name>/. It
# ends with libFuzzer's own summary per target and exits 1 if any fuzzer failed or left a
# crash, leak, timeout or OOM artifact. It never touches the committed corpus and never
# opens a socket. `./build.sh fuzz [SECONDS]` runs it for every fuzzer.
# Usage: tests/fuzz/run.sh [SECONDS] [NAME...]  (env: BUILD_DIR, CXX, JOBS, FUZZ_ARGS, NICE)
set -euo pipefail
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
seconds=${1:-60}
[[ $# -gt 0 ]] && shift
build=${BUILD_DIR:-$src/build-fuzz}
cxx=${CXX:-clang++-14}
command -v "$cxx" >/dev/null || { echo "run.sh: $cxx not found (IOTPROBE_FUZZ_DEPS=1 scripts/install-deps.sh)" >&2; exit 1; }

cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER="$cxx" -DIOTPROBE_FUZZ=ON >/dev/null
names=("$@")
[[ ${#names[@]} -eq 0 ]] && mapfile -t names <"$build/tests/fuzz/fuzzers.txt"
targets=()
for name in "${names[@]}"; do targets+=("fuzz_$name"); done
cmake --build "$build" -j"${JOBS:-2}" --target "${targets[@]}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# A timeout on a machine shared with builders may be the machine: each new timeout input
# is run once more, alone, and the time it takes is printed (it still counts as a finding).
recheck_timeouts() {
  local name=$1 dir=$2 stamp=$3 unit t0
  while IFS= read -r unit; do
    t0=$(date +%s%N)
    if timeout 120 "$build/tests/fuzz/fuzz_$name" -runs=1 "$unit" >/dev/null 2>&1; then
      echo "   $unit: ran again in $((($(date +%s%N) - t0) / 1000000)) ms (not reproduced)"
    else
      echo "   $unit: still fails or hangs when run again"
    fi
  done < <(find "$dir" -type f -newer "$stamp" -name 'timeout-*')
}

failed=()
summary=()
for name in "${names[@]}"; do
  corpus="$build/fuzz-corpus/$name"
  artifacts="$build/fuzz-artifacts/$name"
  log="$build/fuzz-$name.log"
  mkdir -p "$corpus" "$artifacts"
  # libFuzzer reads directories as corpora; single seed files are copied into the first.
  seed_dirs=()
  while IFS= read -r seed; do
    [[ -z "$seed" ]] && continue
    if [[ -d "$seed" ]]; then seed_dirs+=("$seed"); elif [[ -f "$seed" ]]; then cp -f "$seed" "$corpus/"; fi
  done <"$build/tests/fuzz/$name.seeds"
  stamp="$build/fuzz-$name.started"
  touch "$stamp"
  echo "== fuzz_$name for ${seconds}s (corpus $corpus)"
  status=0
  # shellcheck disable=SC2086  # FUZZ_ARGS is a list of libFuzzer flags
  nice -n "${NICE:-0}" "$build/tests/fuzz/fuzz_$name" "$corpus" "${seed_dirs[@]}" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 ${FUZZ_ARGS:-} 2>"$log" || status=$?
  found=$(find "$artifacts" -type f -newer "$stamp" \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
    -o -name 'oom-*' \) | wc -l)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$log" | tail -1)
  summary+=("$(printf '%-18s %6ss  %12s execs  %-30s exit %s  artifacts %s' "$name" "$seconds" \
    "${execs:-?}" "${cov:-no coverage line}" "$status" "$found")")
  # libFuzzer's own summary: the final stats and the last status line.
  grep -E '^(stat::|Done [0-9]+ runs|#[0-9]+ *DONE)|^==[0-9]+==ERROR|^SUMMARY' "$log" || true
  if [[ $status -ne 0 || $found -ne 0 ]]; then
    failed+=("$name")
    echo "!! fuzz_$name: exit $status, $found artifact(s): see $log and $artifacts/"
    recheck_timeouts "$name" "$artifacts" "$stamp"
  fi
done
echo
echo "== summary (${#names[@]} fuzzers)"
printf '%s\n' "${summary[@]}"
if [[ ${#failed[@]} -ne 0 ]]; then
  echo "fuzzers with findings: ${failed[*]}"
  exit 1
fi
echo "all fuzzers ran ${seconds}s without a finding: ${names[*]}"
