#!/usr/bin/env bash
# The README's main job on a simulated fleet: generate 2,000 devices over 7 days with IP
# churn (as NICTER sees it: some routers change address several times a day), serve each
# day's three address epochs from the mock on loopback, run `iotprobe batch` per epoch into
# demo-out/demo.db, print the churn table, and end with the report: demo-out/demo-report.html
# and its daily funnel. Leaves the database for lookups. Builds nothing (build.sh does).
# Run it through scripts/netns-run: loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}
bin="$build_dir/prober/iotprobe"
mock="$build_dir/tests/mock/iotprobe-mock"
out=demo-out
db="$out/demo.db"
devices=${IOTPROBE_DEMO_DEVICES:-2000}
days=${IOTPROBE_DEMO_DAYS:-7}
epochs=3
intraday_share=0.6  # devices that move within a day (1-2 more addresses)
start_day=2021-05-27
port_map="80=18080,81=18081,1900=11900"
mock_pid=""

say() { printf '\n== %s\n' "$*"; }
for f in "$bin" "$mock"; do
  [[ -x "$f" ]] || { echo "demo: $f is missing; run ./build.sh demo (it builds first)" >&2; exit 1; }
done
stop_mock() {
  [[ -n "$mock_pid" ]] || return 0
  kill "$mock_pid" 2>/dev/null || true
  wait "$mock_pid" 2>/dev/null || true
  mock_pid=""
}
trap stop_mock EXIT

# Rows of one day's manifest that are infected and online in one epoch, as darknet CSV.
epoch_input() {
  awk -v want="$3" 'BEGIN { print "day,ip,country,tag" }
    /"infected":true/ {
      match($0, /"day":"[^"]*"/); day = substr($0, RSTART + 7, RLENGTH - 8)
      match($0, /"ip":"[^"]*"/); ip = substr($0, RSTART + 6, RLENGTH - 7)
      match($0, /"country":"[^"]*"/); cc = substr($0, RSTART + 11, RLENGTH - 12)
      match($0, /"epoch":[0-9]+/); first = substr($0, RSTART + 8, RLENGTH - 8) + 0
      match($0, /"epoch_last":[0-9]+/); last = substr($0, RSTART + 13, RLENGTH - 13) + 0
      if (first <= want && want <= last) print day "," ip "," cc ",mirai"
    }' "$1/manifest-$2.jsonl" >"$4"
}

start_mock() {
  "$mock" serve --fleet "$out/fleet" --day "$1" --epoch "$2" >"$out/mock.log" 2>&1 &
  mock_pid=$!
  for _ in $(seq 1 100); do
    grep -q '^ready' "$out/mock.log" && return 0
    sleep 0.1
  done
  echo "demo: the mock did not start:" >&2
  cat "$out/mock.log" >&2
  exit 1
}

began=$(date +%s)
rm -rf "$out"
mkdir -p "$out"
say "1. Generating a mock fleet: $devices devices over $days days, daily churn, $epochs address epochs a day"
"$mock" fleet --devices "$devices" --days "$days" --epochs "$epochs" --churn 0.2 \
  --intraday-share "$intraday_share" --seed 2021 --start-day "$start_day" --out "$out/fleet"

say "2. Each day: serve every epoch on 127.x.y.z (port map $port_map, no root) and run the batch"
last_day=$start_day
for ((i = 0; i < days; i++)); do
  day=$(date -u -d "$start_day + $i day" +%F)
  last_day=$day
  for ((e = 0; e < epochs; e++)); do
    input="$out/darknet-$day-epoch$e.csv"
    epoch_input "$out/fleet" "$day" "$e" "$input"
    start_mock "$day" "$e"
    printf -- '-- %s epoch %d: %d Mirai sources from the darknet list\n' "$day" "$e" \
      $(($(wc -l <"$input") - 1))
    "$bin" batch --input "$input" --day "$day" --db "$db" --allow 127.0.0.0/8 \
      --port-map "$port_map" --profile extended --connect-rate 4000 --max-in-flight 2000 \
      --host-deadline-ms 5000 --connect-timeout-ms 2000 --transfer-deadline-ms 4000 \
      --ssdp-window-ms 300 --quiet | sed -n '1,2p;/devices vs IPs/p'
    stop_mock
  done
done

say "3. The churn table, first day, every family (families without UPnP have IPs but no UDNs)"
"$bin" churn --from "$start_day" --db "$db" --no-country
say "   Every day, the families that carry UPnP UDNs (unique IPs versus unique devices)"
"$bin" churn --from "$start_day" --to "$last_day" --db "$db" --no-country |
  awk '$1 == "day" || $2 == "*" || $2 ~ /^(logitec|realtek|huawei)/ || /^ips =/'
say "   The same for one family and country"
"$bin" churn --from "$start_day" --to "$last_day" --db "$db" --family logitec-router --country JP

# A device that changed address the most, for the lookup examples.
"$bin" export --format csv --db "$db" >"$out/export.csv"
moving=$(awk -F, 'NR > 1 && $10 != "" && $11 == "false" && !seen[$10 "," $2]++ { n[$10]++ }
  END { for (u in n) if (n[u] > best) { best = n[u]; pick = u }; print pick }' "$out/export.csv")
say "4. One device across IP churn: iotprobe lookup uuid $moving"
"$bin" lookup uuid "$moving" --db "$db"

report="$out/demo-report.html"
say "5. The report: $report (four charts and the tables; open it in a browser)"
"$bin" report --from "$start_day" --to "$last_day" --db "$db" --format html --out "$report"
"$bin" report --from "$start_day" --to "$last_day" --db "$db" --format text |
  awk '/^The daily funnel/ && !done { on = 1 } on && /^$/ { on = 0; done = 1 } on'  # reads all: no SIGPIPE
echo "   JP logitec-router: identified addresses versus unique UUIDs per day (Figure 3's bars and line)"
"$bin" report --from "$start_day" --to "$last_day" --db "$db" --format json |
  python3 -c 'import json, sys
for r in json.load(sys.stdin)["focus"]:
    if r["family"] == "logitec-router":
        print("   %s  %5d addresses  %5d UUIDs" % (r["day"], r["identified"], r["devices"]))'
echo "   $(cd "$(dirname "$report")" && pwd)/$(basename "$report")"

say "Done in $(($(date +%s) - began)) s. The mock is stopped; the database stays for lookups:"
ip=$(awk -F, 'NR == 2 { print $2 }' "$out/export.csv")
cat <<EOF
  $bin lookup uuid $moving --db $db
  $bin lookup ip $ip --db $db --json
  $bin lookup model 'LAN-W.?300N' --db $db
  $bin churn --from $start_day --to $last_day --db $db --family realtek-sdk-router
  $bin export --format csv --day $start_day --db $db
EOF
