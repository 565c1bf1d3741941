#!/usr/bin/env bash
# Terminal safety end to end: a store whose device text holds ESC, OSC, BEL and a raw
# newline, read back by every text view of the store readers (lookup ip/uuid/model,
# churn), and the same bytes in saved answers given to `parse`. No view may print ESC or
# BEL, and the forged line must never start a line; each must print the escaped text.
set -euo pipefail
bin=$1 maker=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
"$maker" "$work/h.db" escapes || { echo "FAIL: could not write the test store" >&2; exit 1; }
udn=uuid:63041253-1019-2006-1228-00a0b0000009

check_view() {  # check_view NAME -- ARGS...: runs iotprobe ARGS, checks its stdout
  local name=$1; shift 2
  "$bin" "$@" >"$work/out" 2>/dev/null || { fail "$name exited non-zero"; return; }
  if grep -q $'[\x1b\x07]' "$work/out"; then fail "$name printed ESC or BEL"; fi
  if grep -q '^FORGED' "$work/out"; then fail "$name let a raw newline forge a line"; fi
  grep -qF 'evil\x1b]0;pwned\x07' "$work/out" || fail "$name did not print the escaped text"
}

db=(--db "$work/h.db")
check_view "lookup ip" -- lookup ip 198.51.100.9 "${db[@]}"
check_view "lookup uuid" -- lookup uuid "$udn" "${db[@]}"
check_view "lookup model" -- lookup model 'evil' "${db[@]}"
check_view "churn" -- churn --from 2021-05-27 --no-country "${db[@]}"

evil=$'evil\x1b]0;pwned\x07\x1b[2J\nFORGED LINE'
printf 'HTTP/1.1 200 OK\r\nServer: %s\r\n\r\n<title>x</title>' "${evil//$'\n'/ }" >"$work/a.http"
printf 'HTTP/1.1 200 OK\r\nLOCATION: http://192.0.2.1/%s\r\n\r\n' "${evil//$'\n'/ }" >"$work/a.ssdp"
printf '<?xml version="1.0"?><root xmlns="urn:schemas-upnp-org:device-1-0"><device><friendlyName>%s</friendlyName><UDN>uuid:x</UDN></device></root>' \
  "$evil" >"$work/a.xml"
check_view "parse http" -- parse http "$work/a.http"
check_view "parse ssdp" -- parse ssdp "$work/a.ssdp"
check_view "parse upnp" -- parse upnp "$work/a.xml"

[[ $failures -eq 0 ]] || { echo "$failures check(s) failed" >&2; exit 1; }
echo "terminal-safe text views: ok"
