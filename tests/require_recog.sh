#!/usr/bin/env bash
# Usage: require_recog.sh HTTP_SERVERS_XML COMMAND [ARG...]. Runs COMMAND when Recog's
# http_servers.xml exists; otherwise says why and exits 77, the SKIP_RETURN_CODE of every
# ctest that uses it, so a test whose data is absent shows as skipped, never as passed.
set -euo pipefail
file=$1
shift
if [[ ! -f "$file" ]]; then
  echo "SKIPPED: $file not found. Recog's data is not part of this repository; to run this"
  echo "test, configure with -DIOTPROBE_RECOG_XML_DIR=<a rapid7/recog checkout>/xml"
  exit 77
fi
exec "$@"
