#!/usr/bin/env bash
# `iotprobe targets` from the command line: the de-duplicated targets, the counts line,
# file:line errors on stderr, and the exit codes (0 ok, 1 bad input, 2 usage).
set -euo pipefail
bin=$1 fixtures=$2
fail() { echo "FAIL: $*" >&2; exit 1; }

out=$("$bin" targets "$fixtures/plain.txt" 2>/tmp/targets_err.$$)
err=$(cat /tmp/targets_err.$$); rm -f /tmp/targets_err.$$
[[ "$(grep -v '^#' <<<"$out")" == $'198.51.100.7\n203.0.113.9\n2001:db8::1\n2001:db8::2' ]] \
  || fail "plain.txt targets: $out"
grep -q '4 targets, 2 duplicates, 2 bad lines' <<<"$out" || fail "plain.txt counts: $out"
grep -q 'plain.txt:8: not an IP address' <<<"$err" || fail "plain.txt errors: $err"

set +e
"$bin" targets "$fixtures/no_ip_column.csv" >/dev/null 2>&1; rc_bad=$?
"$bin" targets --strict "$fixtures/mirai_extract.csv" >/dev/null 2>&1; rc_strict=$?
"$bin" targets >/dev/null 2>&1; rc_usage=$?
set -e
[[ $rc_bad == 1 && $rc_strict == 1 && $rc_usage == 2 ]] \
  || fail "exit codes: no-ip-column $rc_bad, strict $rc_strict, usage $rc_usage"

summary=$("$bin" targets --json "$fixtures/sources.jsonl" 2>/dev/null | tail -n 1)
grep -q '"targets":3' <<<"$summary" && grep -q '"bad_lines":5' <<<"$summary" \
  || fail "jsonl summary: $summary"
echo "targets CLI: ok"
