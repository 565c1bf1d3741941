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
  stop_mock
  rm -rf "$WORK"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# scaled FULL SMALL: FULL, or SMALL when IOTPROBE_E2E_SCALE=small (the sanitizer pass,
# where every process runs several times slower). Each test stays meaningful at SMALL.
scaled() { if [[ "${IOTPROBE_E2E_SCALE:-}" == small ]]; then echo "$2"; else echo "$1"; fi; }

# wait_until SECONDS CMD...: polls CMD every 0.05 s until it succeeds; fails after SECONDS.
# Tests wait for the event they need, never for a fixed time.
wait_until() {
  local limit=$1; shift
  local deadline=$((SECONDS + limit))
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.05
  done
}

# persona_family NAME -> the family line of the persona
persona_family() { awk '$1=="family"{print $2; exit}' "$PERSONAS_DIR/$1/persona.txt"; }

# start_mock ARGS... : starts iotprobe-mock serve and waits (up to 120 s) for "ready"
start_mock() {
  "$IOTPROBE_MOCK_BIN" serve "$@" >"$WORK/mock.out" 2>"$WORK/mock.err" &
  MOCK_PID=$!
  mock_ready() {
    grep -q '^ready' "$WORK/mock.out" 2>/dev/null && return 0
    kill -0 "$MOCK_PID" 2>/dev/null || { cat "$WORK/mock.err" >&2; fail "mock exited"; }
    return 1
  }
  wait_until 120 mock_ready || fail "mock not ready after 120 s"
}

# stop_mock: SIGTERM, then wait for it to exit (its exit report is then in $WORK/mock.out)
stop_mock() {
  [[ -n "$MOCK_PID" ]] || return 0
  kill "$MOCK_PID" 2>/dev/null || true
  wait "$MOCK_PID" 2>/dev/null || true
  MOCK_PID=""
}
