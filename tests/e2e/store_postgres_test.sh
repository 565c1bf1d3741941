#!/usr/bin/env bash
# The shared PostgreSQL store (issue 16): a throwaway cluster in a temporary folder, run
# by an unprivileged user and listening on a Unix socket only (listen_addresses=''), takes
# 4 concurrent shard batches (--shard k/4) of a 2-day mock fleet's list; on day 1 one
# of them is killed with kill -9 mid-run and resumed, and lookup/churn/export read while
# they write. churn (text and JSON) and report (JSON) must then be identical to one SQLite
# batch per day over the whole list. Exits 77 (ctest: skipped) without PostgreSQL's
# server binaries. Run inside scripts/netns-run: the fleet is on loopback only.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/store_lib.sh"
source "$here/postgres_lib.sh"
require_postgres
work=$(mktemp -d)
trap 'stop_mock; stop_cluster; rm -rf "$work"' EXIT
start_cluster "$work"
uri=$pg_uri
sql() { pg_sql "$1"; }

"$IOTPROBE_MOCK_BIN" fleet --devices "$(scaled 400 160)" --days 2 --seed 16 --epochs 1 \
  --intraday-share 0 --churn 0.25 --mix "$IOTPROBE_SOURCE_DIR/tests/mock/mixes/benign.mix" \
  --out "$work/fleet" >/dev/null
days=(2021-05-27 2021-05-28)
shards=4
# Day 1 is paced (a few seconds per quarter) so that the kill lands mid-run; day 2 runs at
# the single SQLite run's rate, so its hosts/s are the store's throughput with 4 writers.
paced=(--connect-rate 120 --profile extended --max-in-flight 20)
unpaced=(--connect-rate 3000 --profile extended)

seed=16
# Hosts committed by shard $2's run of day $1 (0 before the first writer made the schema).
hosts_of() {
  sql "SELECT count(*) FROM hosts h JOIN runs r ON r.id = h.run_id WHERE r.day = '$1' AND r.input LIKE '%[shard $2/$shards seed $seed]'" 2>/dev/null || echo 0
}
# usage: shard_batch DAY K -> exec's shard K of DAY's whole list into the shared store
shard_batch() {
  store_batch_exec "$work/in-$1.csv" "$1" "$uri" "${pace[@]}" --shard "$2/$shards" --seed "$seed"
}
alive() { [[ $(cat "/proc/$1/comm" 2>/dev/null) == iotprobe && $(awk '{print $3}' "/proc/$1/stat") != Z ]]; }

reads_while_writing() {
  local ok=0
  for _ in 1 2 3; do
    "$IOTPROBE_BIN" lookup ip "$(sed -n 2p "$1" | cut -d, -f2)" --db "$uri" --json >/dev/null
    "$IOTPROBE_BIN" churn --from "${days[0]}" --db "$uri" --json >/dev/null
    "$IOTPROBE_BIN" export --format csv --day "${days[0]}" --db "$uri" >/dev/null
    ok=$((ok + 1))
  done
  echo "reads while 4 writers write: $ok rounds of lookup+churn+export succeeded"
}

for day in "${days[@]}"; do
  epoch_input "$work/fleet" "$day" 0 "$work/in-$day.csv"
  start_mock "$work/fleet" "$day" 0
  declare -A pids=() began=() took=()
  pace=("${unpaced[@]}")
  [[ $day != "${days[0]}" ]] || pace=("${paced[@]}")
  t0=$(date +%s%N)
  for ((k = 0; k < shards; k++)); do
    began[$k]=$(date +%s%N)
    shard_batch "$day" "$k" >"$work/out-$day.$k" 2>&1 &
    pids[$k]=$!
  done
  if [[ $day == "${days[0]}" ]]; then
    reads_while_writing "$work/in-$day.csv" &
    readers=$!
    # kill -9 shard 0 once it has committed hosts, then resume it while the others run.
    deadline=$((SECONDS + 120))
    until (( $(hosts_of "$day" 0) > 0 )); do
      alive "${pids[0]}" || { echo "FAIL: shard 0 ended before committing"; cat "$work/out-$day.0"; exit 1; }
      (( SECONDS < deadline )) || { echo "FAIL: shard 0 committed nothing in 120 s"; exit 1; }
      sleep 0.05
    done
    sleep "0.$((RANDOM % 5))"
    alive "${pids[0]}" || { echo "FAIL: shard 0 finished before the kill; nothing was tested"; exit 1; }
    kill -9 "${pids[0]}"
    wait "${pids[0]}" 2>/dev/null || true
    echo "kill -9 of shard 0 with $(hosts_of "$day" 0) hosts committed"
    shard_batch "$day" 0 >"$work/out-$day.0" 2>&1 &
    pids[0]=$!
  fi
  for ((k = 0; k < shards; k++)); do
    wait "${pids[$k]}" || { echo "FAIL: shard $k of $day failed:"; cat "$work/out-$day.$k"; exit 1; }
    took[$k]=$((($(date +%s%N) - began[$k]) / 1000000))
  done
  total_ms=$((($(date +%s%N) - t0) / 1000000))
  [[ $day != "${days[0]}" ]] || wait "$readers" || { echo "FAIL: a read failed while the shards wrote"; exit 1; }
  line="$day:"
  for ((k = 0; k < shards; k++)); do
    n=$(hosts_of "$day" "$k")
    line+=" shard $k $n hosts in ${took[$k]} ms ($((n * 1000 / (took[$k] + 1))) hosts/s);"
  done
  all=$(($(wc -l <"$work/in-$day.csv") - 1))
  echo "$line total $all hosts in $total_ms ms ($((all * 1000 / (total_ms + 1))) hosts/s)"
  t0=$(date +%s%N)
  store_batch "$work/in-$day.csv" "$day" "$work/single.db" "${unpaced[@]}" >/dev/null
  echo "$day: one SQLite batch, $all hosts in $((($(date +%s%N) - t0) / 1000000)) ms"
  stop_mock
done

range=(--from "${days[0]}" --to "${days[1]}")
for db in "$uri" "$work/single.db"; do
  tag=$([[ $db == "$uri" ]] && echo pg || echo sqlite)
  "$IOTPROBE_BIN" churn "${range[@]}" --db "$db" >"$work/churn-$tag.txt"
  "$IOTPROBE_BIN" churn "${range[@]}" --db "$db" --json >"$work/churn-$tag.json"
  "$IOTPROBE_BIN" churn "${range[@]}" --db "$db" --max-lag 1h >"$work/churn-lag-$tag.txt"
  "$IOTPROBE_BIN" report "${range[@]}" --db "$db" --format json >"$work/report-$tag.json"
done
failures=0
for f in churn-%s.txt churn-%s.json churn-lag-%s.txt; do
  # shellcheck disable=SC2059
  a=$(printf "$f" pg) b=$(printf "$f" sqlite)
  if cmp -s "$work/$a" "$work/$b"; then
    echo "$a and $b: identical ($(wc -l <"$work/$a") lines)"
  else
    echo "FAIL: $a and $b differ:"; diff "$work/$b" "$work/$a" | head -20; failures=$((failures + 1))
  fi
done
# The report stamps when it was made; everything else must match.
python3 - "$work/report-pg.json" "$work/report-sqlite.json" <<'PY' || failures=$((failures + 1))
import json, sys
def load(p):
    r = json.load(open(p))
    for k in ("generated_at", "store", "db"):
        r.pop(k, None)
    return r
a, b = load(sys.argv[1]), load(sys.argv[2])
if a != b:
    print("FAIL: report JSON differs between PostgreSQL and SQLite:", [k for k in a if a.get(k) != b.get(k)])
    sys.exit(1)
print("report JSON: identical")
PY

# Row counts: the shared store against the single SQLite run (sightings and devices are
# the ledger, which must not depend on how the input was split or interrupted).
python3 - "$work/single.db" <<'PY' >"$work/sqlite-counts"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for t in ("hosts", "devices", "sightings", "host_devices", "responses", "descriptions", "sources"):
    print(t, db.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
PY
while read -r table want; do
  got=$(sql "SELECT count(*) FROM $table")
  mark=$([[ $got == "$want" ]] && echo same || echo DIFFERENT)
  echo "rows $table: postgresql $got, sqlite $want ($mark)"
  if [[ $table =~ ^(hosts|devices|sightings|host_devices|sources)$ && $got != "$want" ]]; then
    failures=$((failures + 1))
  fi
done <"$work/sqlite-counts"
dups=$(sql "SELECT count(*) FROM (SELECT run_id, ip FROM hosts GROUP BY 1, 2 HAVING count(*) > 1) d")
[[ $dups == 0 ]] || { echo "FAIL: $dups duplicate hosts after the resume"; failures=$((failures + 1)); }
# The killed shard resumed its own run: one finished run per shard and day.
runs=$(sql "SELECT count(*) || ' runs, ' || count(*) FILTER (WHERE state = 'finished') || ' finished' FROM runs")
echo "runs: $runs"
[[ $runs == "$((shards * ${#days[@]})) runs, $((shards * ${#days[@]})) finished" ]] ||
  { echo "FAIL: expected one finished run per shard and day"; failures=$((failures + 1)); }
echo "store postgres e2e: $([[ $failures == 0 ]] && echo passed || echo FAILED)"
exit $((failures > 0))
