# Shared helpers for the prober e2e scripts (sourced, not run). Everything here talks
# to 127.0.0.0/8 only, and the scripts run inside scripts/netns-run (see CMakeLists.txt).
set -euo pipefail
: "${IOTPROBE_BIN:?IOTPROBE_BIN is not set (run through ctest)}"
: "${IOTPROBE_MOCK_BIN:?IOTPROBE_MOCK_BIN is not set (is the mock built?)}"
: "${IOTPROBE_SOURCE_DIR:?}"
PERSONAS_DIR="$IOTPROBE_SOURCE_DIR/tests/mock/personas"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/iotprobe-prober-e2e.XXXXXX")"
MOCK_PID=""
PORT_MAP="80=18080,81=18081,1900=11900"
cleanup() {
  if [[ -n "$MOCK_PID" ]]; then kill "$MOCK_PID" 2>/dev/null || true; wait "$MOCK_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# persona_family NAME -> the family line of the persona
persona_family() { awk '$1=="family"{print $2; exit}' "$PERSONAS_DIR/$1/persona.txt"; }

# start_mock ARGS... : starts iotprobe-mock serve and waits for "ready"
start_mock() {
  "$IOTPROBE_MOCK_BIN" serve "$@" >"$WORK/mock.out" 2>"$WORK/mock.err" &
  MOCK_PID=$!
  for _ in $(seq 100); do
    grep -q '^ready' "$WORK/mock.out" 2>/dev/null && return 0
    kill -0 "$MOCK_PID" 2>/dev/null || { cat "$WORK/mock.err" >&2; fail "mock exited"; }
    sleep 0.1
  done
  fail "mock not ready"
}
