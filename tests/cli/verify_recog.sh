#!/usr/bin/env bash
# Usage: verify_recog.sh IOTPROBE HTTP_SERVERS_XML. Runs `iotprobe fingerprints verify` on
# Recog's http_servers.xml and passes only on 744 of 744. ctest runs it through
# tests/require_recog.sh, which reports "skipped" when that file is absent.
set -euo pipefail
bin=$1 db=$2
out=$("$bin" fingerprints verify "$db")
echo "$out" | tail -n 3
grep -qx '744 passed, 0 failed' <<<"$out"
