#!/usr/bin/env bash
# Device text that is not valid UTF-8 (hostile or legacy-charset devices) must never make
# a store reader fail: lookup, churn and export print it with U+FFFD replacements.
set -euo pipefail
bin=$1 maker=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
"$maker" "$work/h.db" || fail "could not write the test store"
db=(--db "$work/h.db")
"$bin" export --format jsonl "${db[@]}" >"$work/out.jsonl" || fail "export jsonl"
grep -q '198.51.100.9' "$work/out.jsonl" || fail "export lost the host"
grep -q $'\xef\xbf\xbd' "$work/out.jsonl" || fail "invalid bytes were not replaced"
"$bin" export --format csv "${db[@]}" >/dev/null || fail "export csv"
"$bin" lookup ip 198.51.100.9 --json "${db[@]}" | grep -q '198.51.100.9' || fail "lookup ip --json"
"$bin" lookup model 'Real' --json "${db[@]}" >/dev/null || fail "lookup model --json"
"$bin" churn --from 2021-05-27 --json "${db[@]}" >/dev/null || fail "churn --json"
echo "store readers with invalid UTF-8: ok"
