#!/usr/bin/env bash
# Fault injection (issue 14), a full disk: the batch runs with a disk budget of half what
# the run needs (`--db-max-bytes`, SQLite's max_page_count: SQLITE_FULL exactly as a full
# disk gives it, without root or a tmpfs). It must stop with a clear error naming the file,
# keep every committed host whole, and, re-run once space is back (a larger budget), resume
# to a store equal to an undisturbed run's.
# Run inside scripts/netns-run; the mock fleet is served on loopback only.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/store_lib.sh"
work=$(mktemp -d)
trap 'stop_mock; rm -rf "$work"' EXIT
day=2021-05-27
fail() { echo "FAIL: $*"; exit 1; }

serve_fleet "$work" "$day" 500 31
# Slow enough for several commits (one a second) before the budget runs out.
flags=(--connect-rate 250 --profile extended)

store_batch "$work/input.csv" "$day" "$work/whole.db" "${flags[@]}" >/dev/null
size=$(python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute('PRAGMA page_count').fetchone()[0] * c.execute('PRAGMA page_size').fetchone()[0])" "$work/whole.db")
budget=$((size / 2))
echo "undisturbed store: $targets hosts, $size bytes; budget for the full-disk run: $budget bytes"

status=0
store_batch "$work/input.csv" "$day" "$work/full.db" "${flags[@]}" --db-max-bytes "$budget" \
  >/dev/null 2>"$work/full.err" || status=$?
echo "with the budget: exit $status; $(grep -m1 'stopped' "$work/full.err" || true)"
[[ $status == 1 ]] || { cat "$work/full.err"; fail "exit $status, expected 1"; }
grep -q "cannot store host .* in database $work/full.db: database or disk is full" "$work/full.err" ||
  { cat "$work/full.err"; fail "the error does not name the file and the cause"; }
(( $(grep -c "cannot store" "$work/full.err") == 1 )) || fail "the batch went on after the first failure"

# Every committed host is whole: its host row, its 'done' progress row and its responses.
python3 - "$work/full.db" "$targets" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "integrity_check failed"
hosts = c.execute("SELECT count(*) FROM hosts").fetchone()[0]
done = c.execute("SELECT count(*) FROM progress WHERE probe = 'host'").fetchone()[0]
bare = c.execute("SELECT count(*) FROM hosts h WHERE NOT EXISTS "
                 "(SELECT 1 FROM responses r WHERE r.host_id = h.id)").fetchone()[0]
state = c.execute("SELECT state FROM runs").fetchone()[0]
print(f"after the stop: {hosts} of {sys.argv[2]} hosts committed, {done} done rows, run {state}")
assert 0 < hosts < int(sys.argv[2]), "the budget did not stop the run part-way"
assert hosts == done and bare == 0, f"half-written hosts: {hosts} hosts, {done} done, {bare} bare"
assert state == "interrupted", state
PY

store_batch "$work/input.csv" "$day" "$work/full.db" "${flags[@]}" --db-max-bytes $((size * 4)) >/dev/null
python3 "$here/store_compare.py" "$work/whole.db" "$work/full.db" "$targets"
echo "store full-disk e2e: passed"
