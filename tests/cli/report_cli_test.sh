#!/usr/bin/env bash
# `iotprobe report` end to end without probing: a batch whose every input row is refused
# (documentation addresses, blocked by default; a row tagged scanner, skipped) still
# records each row, with extract's counters, so the report's funnel shows the darknet count with nothing admitted; every
# format writes what it promises; usage errors exit 2; and on a synthetic store with
# hostile device strings the CSV neutralises formulas and the HTML carries no script.
# usage: report_cli_test.sh IOTPROBE REPORT_STORE_WRITER  (run inside scripts/netns-run)
set -euo pipefail
bin=$1 writer=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
q() { sqlite3 "$work/r.db" "$1"; }

cat >"$work/in.csv" <<'CSV'
day,ip,mirai_syns,mirai_dsts,other_syns,udp,dst_ports,first_seen,last_seen,tag
2021-05-27,198.51.100.7,42,4,0,0,2,2021-05-27T01:00:00Z,2021-05-27T02:00:00Z,mirai
2021-05-27,198.51.100.8,5,3,0,0,1,2021-05-27T03:00:00Z,2021-05-27T03:30:00Z,mirai
2021-05-27,203.0.113.9,1,1,0,0,1,2021-05-27T04:00:00Z,2021-05-27T04:00:01Z,mirai
2021-05-27,203.0.113.10,0,0,900,0,64,2021-05-27T04:00:00Z,2021-05-27T05:00:00Z,scanner
CSV
"$bin" batch --input "$work/in.csv" --day 2021-05-27 --db "$work/r.db" --quiet >"$work/batch.txt" ||
  fail "batch"
[[ $(q "SELECT count(*) FROM sources WHERE admission = 'blocklist'") == 3 ]] || fail "sources: $(q 'SELECT * FROM sources')"
[[ $(q "SELECT admission || ' ' || dst_ports FROM sources WHERE ip = '203.0.113.10'") == "scanner 64" ]] ||
  fail "the skipped scanner row was not kept: $(q 'SELECT * FROM sources')"
[[ $(q "SELECT mirai_syns || ' ' || mirai_dsts || ' ' || dst_ports || ' ' || first_seen FROM sources WHERE ip = '198.51.100.7'") == \
   "42 4 2 2021-05-27T01:00:00Z" ]] || fail "the extract's counters were not kept"
[[ $(q "SELECT count(*) FROM hosts") == 0 ]] || fail "a refused row was probed"

r=(report --from 2021-05-27 --db "$work/r.db")
"$bin" "${r[@]}" --format text | grep -Eq '^2021-05-27 +4 +0 +0 +0 ' || fail "text funnel: $("$bin" "${r[@]}")"
"$bin" "${r[@]}" --format json --out "$work/r.json"
python3 - "$work/r.json" <<'PY' || fail "json"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["schema"] == "iotprobe.report/1", r["schema"]
assert r["funnel"] == [{"day": "2021-05-27", "darknet": 4, "admitted": 0, "probed": 0, "open": 0, "identified": 0,
                        "with_udn": 0, "devices": 0, "unattributed": 0, "inflation": None}], r["funnel"]
PY
"$bin" "${r[@]}" --format csv --out "$work/csv" >/dev/null
[[ $(ls "$work/csv" | wc -l) == 8 ]] || fail "csv files: $(ls "$work/csv")"
"$bin" "${r[@]}" --format svg --out "$work/svg" >/dev/null
[[ $(ls "$work/svg"/*.svg | wc -l) == 4 ]] || fail "svg files"
"$bin" "${r[@]}" --format html --out "$work/r.html"
grep -q "Content-Security-Policy" "$work/r.html" || fail "html without CSP"

set +e
"$bin" "${r[@]}" --format svg >/dev/null 2>&1; [[ $? == 2 ]] || fail "svg without --out must be a usage error"
"$bin" report --from 2021-05-28 --to 2021-05-27 --db "$work/r.db" >/dev/null 2>&1
[[ $? == 2 ]] || fail "--to before --from must be a usage error"
"$bin" "${r[@]}" --format pdf >/dev/null 2>&1; [[ $? == 2 ]] || fail "an unknown format must be a usage error"
set -e

"$writer" --db "$work/h.db" --days 3 --sightings 2000 --start-day 2021-05-27 --hostile >/dev/null 2>&1 ||
  fail "synthetic store"
"$bin" report --from 2021-05-27 --to 2021-05-29 --db "$work/h.db" --format csv --out "$work/h" >/dev/null
grep -q ",\"'=HYPERLINK(" "$work/h/top_models.csv" || fail "formula not neutralised: $(cat "$work/h/top_models.csv")"
"$bin" report --from 2021-05-27 --to 2021-05-29 --db "$work/h.db" --format html --out "$work/h.html"
grep -q "&lt;script&gt;alert(1)&lt;/script&gt;" "$work/h.html" || fail "the hostile model is missing from the page"
! grep -q "<script" "$work/h.html" || fail "a script element in the page"
echo "report cli: ok"
