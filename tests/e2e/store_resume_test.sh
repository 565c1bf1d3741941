#!/usr/bin/env bash
# The resume contract: a batch killed with SIGKILL at random moments (twice), then stopped
# with SIGTERM, and re-run ends with exactly the tables of an uninterrupted batch (no
# duplicates, no gaps). While the killed batch is writing, lookup/churn/export answer from
# the same database (WAL). Every step waits for the commit it needs, never for a time.
# Run inside scripts/netns-run; the mock fleet is served on loopback only.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/store_lib.sh"
work=${STORE_KEEP:-$(mktemp -d)}
trap 'stop_mock; [[ -n "${STORE_KEEP:-}" ]] || rm -rf "$work"' EXIT
day=2021-05-27

"$IOTPROBE_MOCK_BIN" fleet --devices 700 --days 1 --seed 23 --epochs 1 --intraday-share 0 \
  --mix "$IOTPROBE_SOURCE_DIR/tests/mock/mixes/benign.mix" --out "$work/fleet" >/dev/null
epoch_input "$work/fleet" "$day" 0 "$work/input.csv"
targets=$(($(wc -l <"$work/input.csv") - 1))
start_mock "$work/fleet" "$day" 0
# A bounded in-flight window makes hosts finish (and commit) steadily through the run, not
# all near its end, and the connect rate paces the run (about 30 s) well beyond a process
# start on a loaded machine, so that a kill after the first commit lands mid-run.
rate=(--connect-rate 200 --profile extended --max-in-flight 40)

began=$(date +%s%N)
store_batch "$work/input.csv" "$day" "$work/whole.db" "${rate[@]}" >/dev/null
took_ms=$((($(date +%s%N) - began) / 1000000))
echo "uninterrupted batch: $targets targets in ${took_ms} ms"

probe_ip=$(sed -n 2p "$work/input.csv" | cut -d, -f2)
# Three rounds of reads, started once the batch has created its run and while it writes,
# in the background so that they never delay the kill: each must answer (exit 0); a reader
# blocked by the writer would fail with SQLITE_BUSY. How fast is the benchmark's business
# (tests/bench/store_lookup_bench.sh).
lookups_while_writing() {
  local db=$1 ok=0
  for _ in 1 2 3; do
    "$IOTPROBE_BIN" lookup ip "$probe_ip" --db "$db" --json >/dev/null
    "$IOTPROBE_BIN" churn --from "$day" --db "$db" --json >/dev/null
    "$IOTPROBE_BIN" export --format csv --day "$day" --db "$db" >/dev/null
    ok=$((ok + 1))
  done
  echo "reads while writing: $ok rounds of lookup+churn+export succeeded"
}

count_hosts() {
  python3 -c "
import sqlite3, sys
try:
    print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM hosts').fetchone()[0])
except sqlite3.Error:
    print(0)" "$1"
}
alive() { [[ $(cat "/proc/$1/comm" 2>/dev/null) == iotprobe && $(awk '{print $3}' "/proc/$1/stat") != Z ]]; }
# wait_for_commit N: until $work/killed.db holds more than N hosts (batch $batch_pid alive).
wait_for_commit() {
  local deadline=$((SECONDS + 120))
  while (( $(count_hosts "$work/killed.db") <= $1 )); do
    alive "$batch_pid" || { echo "FAIL: the batch ended before committing anything new"; exit 1; }
    (( SECONDS < deadline )) || { echo "FAIL: no commit within 120 s"; exit 1; }
    sleep 0.05
  done
}
# wait_for_run: until the batch has created its run in $work/killed.db (it is writing).
wait_for_run() {
  local deadline=$((SECONDS + 120))
  until python3 -c "
import sqlite3, sys
try:
    sys.exit(0 if sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM runs').fetchone()[0] else 1)
except sqlite3.Error:
    sys.exit(1)" "$work/killed.db"; do
    alive "$batch_pid" || { echo "FAIL: the batch ended before creating its run"; exit 1; }
    (( SECONDS < deadline )) || { echo "FAIL: no run within 120 s"; exit 1; }
    sleep 0.05
  done
}
done_hosts=0
for attempt in 1 2; do
  t0=$(date +%s%N)
  store_batch_exec "$work/input.csv" "$day" "$work/killed.db" "${rate[@]}" >/dev/null 2>&1 &
  batch_pid=$!
  if [[ $attempt == 1 ]]; then
    wait_for_run
    lookups_while_writing "$work/killed.db" &
    lookups_pid=$!
  fi
  # The kill must find a partly written run: wait for this attempt's first commit, then
  # let a random 0-0.9 s pass so the kill lands anywhere inside the next batch.
  wait_for_commit "$done_hosts"
  sleep "0.$((RANDOM % 10))"
  alive "$batch_pid" || { echo "FAIL: the batch finished before the kill; nothing was tested"; exit 1; }
  kill -9 "$batch_pid"
  wait "$batch_pid" 2>/dev/null || true
  if [[ $attempt == 1 ]]; then
    wait "$lookups_pid" || { echo "FAIL: a read failed while the batch was writing"; exit 1; }
  fi
  before=$done_hosts
  done_hosts=$(count_hosts "$work/killed.db")
  echo "kill -9 #$attempt after $((($(date +%s%N) - t0) / 1000000)) ms: $done_hosts of $targets hosts committed"
  if (( done_hosts <= before || done_hosts >= targets )); then
    echo "FAIL: kill #$attempt did not land mid-run ($before -> $done_hosts of $targets)"; exit 1
  fi
done
# A polite stop (SIGTERM) exits 143, marks the run interrupted and keeps only whole hosts.
store_batch_exec "$work/input.csv" "$day" "$work/killed.db" "${rate[@]}" >/dev/null 2>&1 &
batch_pid=$!
wait_for_commit "$done_hosts"
kill -TERM "$batch_pid"
status=0
wait "$batch_pid" || status=$?
state=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT state FROM runs').fetchone()[0])" "$work/killed.db")
echo "SIGTERM: exit $status, run state $state"
if [[ $status != 143 || $state != interrupted ]]; then
  # The run may legitimately have finished within the second; anything else is a failure.
  [[ $status == 0 && $state == finished ]] || { echo "FAIL: SIGTERM gave exit $status, state $state"; exit 1; }
fi
store_batch "$work/input.csv" "$day" "$work/killed.db" "${rate[@]}" >"$work/resume.out"
grep -q "finished" "$work/resume.out"
# A third run of the same input, day and config finds nothing left to probe.
store_batch "$work/input.csv" "$day" "$work/killed.db" "${rate[@]}" >/dev/null
# Another config hash is refused without --new-run (exit 1, with the reason).
if "$IOTPROBE_BIN" batch --input "$work/input.csv" --day "$day" --db "$work/killed.db" \
    --allow 127.0.0.0/8 --port-map "$store_port_map" --quiet --ports 80 2>"$work/refused.err"; then
  echo "FAIL: a changed config was not refused"; exit 1
fi
grep -q "another configuration" "$work/refused.err"
echo "changed config refused: $(head -c 120 "$work/refused.err")…"

python3 - "$work/whole.db" "$work/killed.db" "$targets" <<'PY'
import collections, sqlite3, sys
queries = {
    "hosts": "SELECT h.ip, h.day, h.country, h.open, h.family, d.udn FROM hosts h "
             "LEFT JOIN devices d ON d.id = h.device_id",
    # A closed mock port accepts and then resets (SO_LINGER 0), which the prober reports as
    # "refused" or "reset" depending on timing in ANY two runs; both mean closed here.
    "responses": "SELECT h.ip, r.port, r.probe, r.path, "
                 "CASE WHEN r.status IN ('refused', 'reset') THEN 'closed' ELSE r.status END, "
                 "r.http_status, r.body_sha256 "
                 "FROM responses r JOIN hosts h ON h.id = r.host_id",
    "descriptions": "SELECT h.ip, x.device_path, x.udn, x.model_name, x.serial_number "
                    "FROM descriptions x JOIN hosts h ON h.id = x.host_id",
    "verdicts": "SELECT h.ip, v.family, v.vendor, v.product, v.version, round(v.certainty, 6) "
                "FROM verdicts v JOIN hosts h ON h.id = v.host_id",
    "devices": "SELECT udn, shared, shared_reason, family, model_name, serial_number, mac, "
               "first_day, last_day FROM devices",
    "sightings": "SELECT d.udn, s.ip, s.day FROM sightings s JOIN devices d ON d.id = s.device_id",
    "progress": "SELECT ip, port, probe, CASE WHEN status IN ('refused', 'reset') THEN 'closed' "
                "ELSE status END FROM progress",
    "runs": "SELECT day, config_hash, state, hosts_done, hosts_open, hosts_identified, targets "
            "FROM runs",
}
whole, killed, targets = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2]), int(sys.argv[3])
failures = []
for name, sql in queries.items():
    a = collections.Counter(whole.execute(sql).fetchall())
    b = collections.Counter(killed.execute(sql).fetchall())
    dups = sum(n - 1 for n in b.values() if n > 1)
    if name in ("hosts", "sightings", "progress", "devices") and dups:
        failures.append(f"{name}: {dups} duplicate row(s) after resume")
    if a != b:
        failures.append(f"{name}: {sum((a - b).values())} row(s) missing, {sum((b - a).values())} extra")
        # Which rows: a status that differs only by timing reads differently from a lost host.
        for row in list((a - b).elements())[:5]:
            print(f"  {name} only uninterrupted: {row}")
        for row in list((b - a).elements())[:5]:
            print(f"  {name} only killed+resumed: {row}")
    print(f"{name:13} uninterrupted {sum(a.values()):6}  killed+resumed {sum(b.values()):6}")
hosts = whole.execute("SELECT count(*) FROM hosts").fetchone()[0]
if hosts != targets:
    failures.append(f"uninterrupted run stored {hosts} hosts for {targets} targets")
for f in failures:
    print("FAIL:", f)
print("store resume e2e:", "FAILED" if failures else "passed")
sys.exit(1 if failures else 0)
PY
