#!/usr/bin/env bash
# Fault injection (issue 14), the devices vanish mid-run: the mock fleet is killed (-9)
# while a batch probes it. The batch must go on and finish (exit 0, run finished, every
# target stored once); hosts started after the kill must show closed ports (refused, or
# timeout for UDP) and never an answer; no host may carry an internal 'error' status.
# Run inside scripts/netns-run; the mock fleet is served on loopback only.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/store_lib.sh"
work=$(mktemp -d)
trap 'stop_mock; rm -rf "$work"' EXIT
day=2021-05-27
fail() { echo "FAIL: $*"; exit 1; }

serve_fleet "$work" "$day" 300 37

store_batch_exec "$work/input.csv" "$day" "$work/run.db" --connect-rate 150 >/dev/null 2>"$work/err" &
pid=$!
wait_rows "$work/run.db" hosts "$pid"
killed_at=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
kill -9 "$mock_pid"
wait "$mock_pid" 2>/dev/null || true
mock_pid=""
alive "$pid" || fail "the batch finished before the mock was killed; nothing was tested"
status=0
wait "$pid" || status=$?
[[ $status == 0 ]] || { cat "$work/err"; fail "the batch exited $status after the mock died"; }

python3 - "$work/run.db" "$targets" "$killed_at" <<'PY'
import collections, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
targets, killed_at = int(sys.argv[2]), sys.argv[3]
hosts = c.execute("SELECT count(*) FROM hosts").fetchone()[0]
state = c.execute("SELECT state, hosts_done FROM runs").fetchone()
after = collections.Counter(r[0] for r in c.execute(
    "SELECT r.status FROM responses r JOIN hosts h ON h.id = r.host_id WHERE h.started_at > ?",
    (killed_at,)))
n_after = c.execute("SELECT count(*) FROM hosts WHERE started_at > ?", (killed_at,)).fetchone()[0]
open_after = c.execute("SELECT count(*) FROM hosts WHERE started_at > ? AND open = 1",
                       (killed_at,)).fetchone()[0]
errors = c.execute("SELECT count(*) FROM responses WHERE status = 'error'").fetchone()[0]
print(f"{hosts} of {targets} hosts stored, run {state[0]}; {n_after} started after the kill: "
      f"statuses {dict(after)}")
assert hosts == targets == state[1], "a target is missing or stored twice"
assert state[0] == "finished", state
assert n_after > 0, "no host started after the kill: nothing was tested"
assert open_after == 0 and set(after) <= {"refused", "timeout", "skipped"}, \
    "a host started after the kill shows an answer"
assert after["refused"] > 0, "closed ports were not seen as refused"
assert errors == 0, f"{errors} probe(s) recorded an internal error"
PY
echo "store mock-killed e2e: passed"
