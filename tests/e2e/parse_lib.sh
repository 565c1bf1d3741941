# Shared helpers for the `iotprobe parse` e2e scripts (sourced, not run): the binary, the
# fixtures folder, a failure counter and the expect_* checks. Reads files only.
bin="${IOTPROBE_BIN:?IOTPROBE_BIN must name the iotprobe binary}"
fixtures="${IOTPROBE_SOURCE_DIR:?}/tests/fixtures"
failures=0
json_prelude=""  # python run before each expect_json check, after `j` is loaded

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

expect_exit() {  # expect_exit CODE ARGS...
  local want=$1; shift
  local got=0
  "$bin" "$@" >/dev/null 2>&1 || got=$?
  [[ $got == "$want" ]] || fail "iotprobe $* exited $got, expected $want"
}

expect_json() {  # expect_json PYTHON-ASSERTIONS ARGS...  (the JSON object is `j`)
  local checks=$1; shift
  local out
  out=$("$bin" "$@" 2>/dev/null) || true
  python3 -c "import json,sys; j=json.loads(sys.stdin.read()); $json_prelude$checks" <<<"$out" ||
    fail "JSON of iotprobe $* failed: $checks"
}

expect_text() {  # expect_text SUBSTRING ARGS...
  local want=$1; shift
  "$bin" "$@" 2>/dev/null | grep -qF -- "$want" || fail "output of iotprobe $* lacks '$want'"
}
