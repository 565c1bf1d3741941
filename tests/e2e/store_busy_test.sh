#!/usr/bin/env bash
# Fault injection (issue 14), a database another connection holds:
#  1. a reader keeping one read transaction open for the whole batch: nothing changes;
#  2. a writer taking the write lock for 3 s once the run is under way (SQLITE_BUSY for the
#     first host): the batch says it waits, waits and goes on, and its store equals an
#     undisturbed run's;
#  3. SIGTERM while the batch is blocked in that wait: the signal ends the wait, the batch
#     exits 143 within its grace instead of after the busy timeout (10 s);
#  4. two SIGTERMs while blocked: the second exits at once (from the signal handler, while
#     the loop is still inside SQLite); both stopped stores resume to a whole store.
# Run inside scripts/netns-run; the mock fleet is served on loopback only.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/store_lib.sh"
work=$(mktemp -d)
holder=""
trap 'stop_mock; [[ -z $holder ]] || kill "$holder" 2>/dev/null || true; rm -rf "$work"' EXIT
day=2021-05-27

serve_fleet "$work" "$day" 200 29
# Deadlines long enough that the seconds the loop spends blocked in SQLite never turn an
# answer into a timeout; no SSDP, whose collection window would race the blocked loop.
# The connect rate paces a batch (about 8 s here) well beyond the moment the lock is taken.
flags=(--connect-rate 200 --ssdp off)
store_deadlines=(--connect-timeout-ms 15000 --transfer-deadline-ms 20000 --host-deadline-ms 40000)
fail() { echo "FAIL: $*"; exit 1; }
stop_holder() { kill "$holder"; wait "$holder" 2>/dev/null || true; holder=""; }

store_batch "$work/input.csv" "$day" "$work/whole.db" "${flags[@]}" >/dev/null
echo "undisturbed batch: $(count_hosts "$work/whole.db") of $targets hosts"

echo "--- 1. a reader holding a read transaction for the whole batch"
python3 -c "
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute('PRAGMA journal_mode=WAL')  # a store is always WAL: readers never block its writer
c.execute('CREATE TABLE IF NOT EXISTS reader_probe(x)')
c.execute('BEGIN')
c.execute('SELECT count(*) FROM sqlite_schema').fetchone()
open(sys.argv[2], 'w').close()
time.sleep(600)" "$work/reader.db" "$work/reader.ready" &
holder=$!
wait_for_file "$work/reader.ready"
store_batch "$work/input.csv" "$day" "$work/reader.db" "${flags[@]}" >/dev/null
stop_holder
python3 "$here/store_compare.py" "$work/whole.db" "$work/reader.db" "$targets"

# usage: locked_batch DB -> starts a batch on DB (stderr in DB.err) and, once its first
# hosts are committed (so it is probing, with its stop-signal handling in place: before
# the scan a SIGTERM simply ends the process), has another writer take the write lock until
# DB.release exists; returns once the batch says it waits for it (sets pid, holder).
locked_batch() {
  store_batch_exec "$work/input.csv" "$day" "$1" "${flags[@]}" >/dev/null 2>"$1.err" &
  pid=$!
  wait_rows "$1" hosts "$pid"
  hold_write_lock "$1" "$1.locked" "$1.release" &
  holder=$!
  wait_for_file "$1.locked"
  wait_for_text "$1.err" "is locked by another connection; waiting" "$pid"
}

echo "--- 2. a writer holding the write lock for 3 s while the batch probes"
locked_batch "$work/busy.db"
sleep 2  # the notice comes after 1 s of waiting: 3 s in all
touch "$work/busy.db.release"
status=0; wait "$pid" || status=$?
wait "$holder"; holder=""
[[ $status == 0 ]] || { cat "$work/busy.db.err"; fail "the batch exited $status while another writer held the lock"; }
echo "notice: $(grep -o 'busy.db is locked[^(]*' "$work/busy.db.err" | head -1)"
python3 "$here/store_compare.py" "$work/whole.db" "$work/busy.db" "$targets"

echo "--- 3. SIGTERM while blocked in the busy wait"
locked_batch "$work/term.db"
t0=$(date +%s%3N)
kill -TERM "$pid"
status=0; wait "$pid" || status=$?
took=$(($(date +%s%3N) - t0))
echo "SIGTERM while blocked: exit $status after $took ms"
[[ $status == 143 ]] || { cat "$work/term.db.err"; fail "exit $status, expected 143"; }
# The graceful stop allows 4.5 s for in-flight hosts; the busy timeout alone is 10 s.
((took < 8000)) || fail "the stop waited ${took} ms: the busy wait did not end on the signal"
grep -q "stop signal ended a wait" "$work/term.db.err" || { cat "$work/term.db.err"; fail "no note about the ended wait"; }
stop_holder

echo "--- 4. two SIGTERMs while blocked"
# Back to back, so the second arrives while the main thread is still inside SQLite's busy
# wait: it must exit from the signal handler, not after the wait (the old signal_set way).
locked_batch "$work/twice.db"
t0=$(date +%s%3N)
kill -TERM "$pid"; kill -TERM "$pid"
status=0; wait "$pid" || status=$?
took=$(($(date +%s%3N) - t0))
echo "two SIGTERMs while blocked: exit $status after $took ms"
[[ $status == 143 ]] || fail "exit $status, expected 143"
((took <= 1000)) || fail "the second signal took ${took} ms to exit (expected at once)"
stop_holder

echo "--- resuming both stopped batches"
for db in term twice; do
  python3 -c "import sqlite3,sys; r=sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0]; sys.exit(r != 'ok')" \
    "$work/$db.db" || fail "$db.db is not intact"
  store_batch "$work/input.csv" "$day" "$work/$db.db" "${flags[@]}" >/dev/null
  python3 "$here/store_compare.py" "$work/whole.db" "$work/$db.db" "$targets"
done
echo "store busy e2e: passed"
