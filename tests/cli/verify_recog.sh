#!/usr/bin/env bash
# Runs `iotprobe fingerprints verify` on Recog's http_servers.xml from ../shared.
# Exits 77 (ctest: skipped, with the reason printed) when ../shared is not beside the
# checkout, so a missing data set is visible instead of passing silently.
set -euo pipefail
bin=$1 shared=$2
db="$shared/data/recog/http_servers.xml"
if [[ ! -f "$db" ]]; then
  echo "SKIPPED: $db not found (../shared is not beside this checkout)"
  exit 77
fi
out=$("$bin" fingerprints verify "$db")
echo "$out" | tail -n 3
grep -qx '744 passed, 0 failed' <<<"$out"
