#!/usr/bin/env bash
# The HTML report in a real browser (ctest label `browser`): a demo-sized synthetic store
# with hostile device strings (report_store_writer), its report as HTML and JSON, then
# headless Chromium over the DevTools pipe (report_page.py) checks console, requests,
# charts, script-free DOM and A4 printing, and keeps a screenshot. Chromium missing →
# exit 77 (ctest shows "skipped"). Run inside scripts/netns-run: loopback only.
# usage: report_browser_test.sh IOTPROBE REPORT_STORE_WRITER OUT_DIR
set -euo pipefail
iotprobe=$1 writer=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
chromium=${IOTPROBE_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [[ -z "$chromium" ]]; then
  echo "SKIPPED: chromium is not installed (scripts/install-deps.sh installs it for tests:"
  echo "IOTPROBE_TEST_DEPS=1 scripts/install-deps.sh, or apt-get install chromium)"
  exit 77
fi
command -v python3 >/dev/null || { echo "SKIPPED: python3 is not installed"; exit 77; }
mkdir -p "$out"
db="$out/browser-report.db"
rm -f "$db" "$db-wal" "$db-shm"
"$writer" --db "$db" --days 7 --sightings 15000 --start-day 2021-05-27 --seed 12 --hostile >/dev/null 2>&1
"$iotprobe" report --from 2021-05-27 --to 2021-06-02 --db "$db" --format json --out "$out/report.json"
"$iotprobe" report --from 2021-05-27 --to 2021-06-02 --db "$db" --format html --out "$out/report.html"
python3 "$here/report_page.py" "$chromium" "$out/report.html" "$out/report.json" \
  "$out/report-screenshot.png" "$out/report-print.pdf"
