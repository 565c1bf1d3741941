#!/usr/bin/env bash
# Input safety (issue 14): the config hash that guards resume covers the bytes of the files
# the config names, not only their paths. The same config resumes; an edited fingerprint
# database, exclude file or blocklist at the same path is refused ("another configuration")
# until --new-run. Probes one address where nothing listens (127.0.0.0/8 only).
# Run inside scripts/netns-run.
set -euo pipefail
: "${IOTPROBE_BIN:?}" "${IOTPROBE_SOURCE_DIR:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
day=2021-05-27
cp -r "$IOTPROBE_SOURCE_DIR/config/fingerprints" "$IOTPROBE_SOURCE_DIR/config/blocklist.conf" "$work/"
cp "$IOTPROBE_SOURCE_DIR/config/iotprobe.conf" "$work/iotprobe.conf"
echo "198.51.100.0/24" >"$work/exclude.conf"
echo "exclude = exclude.conf" >>"$work/iotprobe.conf"
printf 'ip\n127.9.0.1\n' >"$work/input.csv"

batch() {
  "$IOTPROBE_BIN" batch --config "$work/iotprobe.conf" --input "$work/input.csv" --day "$day" \
    --db "$work/store.db" --allow 127.0.0.0/8 --connect-timeout-ms 300 --transfer-deadline-ms 500 \
    --host-deadline-ms 1000 --ssdp off "$@" >/dev/null 2>"$work/err"
}
resumes() {  # WHAT
  batch || { cat "$work/err"; fail "$1: the batch failed"; }
  grep -q "resuming run" "$work/err" || { cat "$work/err"; fail "$1: not resumed"; }
  echo "$1: resumed"
}
refused_after() {  # WHAT
  local status=0
  batch || status=$?
  [[ $status == 1 ]] && grep -q "another configuration" "$work/err" ||
    { cat "$work/err"; fail "$1: resumed silently (exit $status)"; }
  echo "$1: refused: $(grep -o 'config hash [0-9a-f]* there, [0-9a-f]* now' "$work/err")"
  batch --new-run || fail "$1: --new-run failed"
  resumes "$1, then the same files again"
}

batch || { cat "$work/err"; fail "the first batch failed"; }
resumes "the same config and files"
sed -i '0,/certainty="[0-9.]*"/s//certainty="0.5"/' "$work/fingerprints/iot_http_server.xml"
refused_after "an edited fingerprint database"
echo "203.0.113.0/24" >>"$work/exclude.conf"
refused_after "an edited exclude file"
echo "# a comment is a change too" >>"$work/blocklist.conf"
refused_after "an edited blocklist"
echo "store config-hash e2e: passed"
