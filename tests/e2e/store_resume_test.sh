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

serve_fleet "$work" "$day" 700 23
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

# wait_for_commit N: until killed.db holds more than N hosts while batch $batch_pid runs.
wait_for_commit() {
  local deadline=$((SECONDS + 120))
  while (( $(count_hosts "$work/killed.db") <= $1 )); do
    alive "$batch_pid" || { echo "FAIL: the batch ended before committing anything new"; exit 1; }
    (( SECONDS < deadline )) || { echo "FAIL: no commit within 120 s"; exit 1; }
    sleep 0.05
  done
}

done_hosts=0
for attempt in 1 2; do
  t0=$(date +%s%N)
  store_batch_exec "$work/input.csv" "$day" "$work/killed.db" "${rate[@]}" >/dev/null 2>&1 &
  batch_pid=$!
  if [[ $attempt == 1 ]]; then
    wait_rows "$work/killed.db" runs "$batch_pid" || exit 1
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

python3 "$here/store_compare.py" "$work/whole.db" "$work/killed.db" "$targets"
