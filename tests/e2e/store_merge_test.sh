#!/usr/bin/env bash
# Shards, vantage points and `merge` (issue 16): a batch over the mock fleet's list into one
# store, and the same list as 3 shards (--shard i/3, and --shards 3 with the index from
# JOB_COMPLETION_INDEX) into 3 stores, over two days. The shards are disjoint and cover the
# input; a re-run of a shard resumes and adds nothing; `merge` refuses an existing OUT
# without --force; the merged store's churn table (text and JSON) is byte-identical to the
# single store's (nothing is ignored: churn has no timing fields), and merging a store
# twice duplicates nothing. A second vantage point probing one shard again leaves the churn
# table as it was (present = seen by any vantage point) and shows in churn --by-vantage.
# A shard killed with SIGKILL and re-run holds the hosts of an uninterrupted one.
# Run inside scripts/netns-run; the mock fleet is served on loopback only.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/store_lib.sh"
work=${STORE_KEEP:-$(mktemp -d)}
trap 'stop_mock; [[ -n "${STORE_KEEP:-}" ]] || rm -rf "$work"' EXIT
days=(2021-05-27 2021-05-28)
devices=$(scaled 400 120)

"$IOTPROBE_MOCK_BIN" fleet --devices "$devices" --days 2 --seed 16 --epochs 1 --intraday-share 0 \
  --churn 0.2 --mix "$IOTPROBE_SOURCE_DIR/tests/mock/mixes/benign.mix" --out "$work/fleet" >/dev/null
fail() { echo "FAIL: $*"; exit 1; }
hosts_of() {  # 0 while the store or its tables do not exist yet
  python3 -c "
import sqlite3, sys
try:
    print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM hosts').fetchone()[0])
except sqlite3.Error:
    print(0)" "$1"
}

for day in "${days[@]}"; do
  epoch_input "$work/fleet" "$day" 0 "$work/input-$day.csv"
  start_mock "$work/fleet" "$day" 0
  began=$(date +%s%N)
  store_batch "$work/input-$day.csv" "$day" "$work/whole.db" >/dev/null
  whole_ms=$((($(date +%s%N) - began) / 1000000))
  began=$(date +%s%N)
  store_batch "$work/input-$day.csv" "$day" "$work/shard0.db" --shard 0/3 --seed 7 >/dev/null
  store_batch "$work/input-$day.csv" "$day" "$work/shard1.db" --shard 1/3 --seed 7 >/dev/null
  JOB_COMPLETION_INDEX=2 store_batch "$work/input-$day.csv" "$day" "$work/shard2.db" --shards 3 --seed 7 >/dev/null
  echo "$day: $(($(wc -l <"$work/input-$day.csv") - 1)) targets: one store ${whole_ms} ms, 3 shards in turn $((($(date +%s%N) - began) / 1000000)) ms"
  # A re-run of a finished shard resumes its own run and probes nothing.
  store_batch "$work/input-$day.csv" "$day" "$work/shard1.db" --shard 1/3 --seed 7 >"$work/rerun.out"
  stop_mock
done

python3 - "$work" <<'PY'
import sqlite3, sys
w = sys.argv[1]
ips = lambda db: [r[0] for r in sqlite3.connect(f"{w}/{db}").execute("SELECT day || ' ' || ip FROM hosts")]
whole, shards = ips("whole.db"), [ips(f"shard{i}.db") for i in range(3)]
union = [x for s in shards for x in s]
if len(union) != len(set(union)): sys.exit("FAIL: shards overlap")
if sorted(union) != sorted(whole): sys.exit(f"FAIL: shards hold {len(union)} hosts, the single store {len(whole)}")
runs = sqlite3.connect(f"{w}/shard1.db").execute("SELECT count(*), group_concat(DISTINCT input) FROM runs").fetchone()
if runs[0] != 2 or "[shard 1/3 seed 7]" not in runs[1]: sys.exit(f"FAIL: shard 1's runs: {runs}")
print("shards:", [len(s) for s in shards], "hosts, disjoint, covering the single store's", len(whole))
PY

if "$IOTPROBE_BIN" merge "$work/whole.db" "$work/shard0.db" 2>"$work/refused.err"; then
  fail "merge overwrote an existing store without --force"
fi
grep -q -- "--force" "$work/refused.err" || fail "no --force hint: $(cat "$work/refused.err")"
began=$(date +%s%N)
"$IOTPROBE_BIN" merge "$work/merged.db" "$work/shard0.db" "$work/shard1.db" "$work/shard2.db"
echo "merge of 3 shards: $((($(date +%s%N) - began) / 1000000)) ms"
[[ ! -e "$work/merged.db.merging" ]] || fail "the partial file was left behind"
"$IOTPROBE_BIN" merge "$work/twice.db" "$work/merged.db" "$work/shard1.db" "$work/merged.db" --quiet >/dev/null

churn() { "$IOTPROBE_BIN" churn --from "${days[0]}" --to "${days[1]}" --db "$1" "${@:2}"; }
for db in merged twice; do
  for form in text json; do
    flag=(); [[ $form == json ]] && flag=(--json)
    churn "$work/whole.db" "${flag[@]}" >"$work/whole.$form"
    churn "$work/$db.db" "${flag[@]}" >"$work/$db.$form"
    if ! cmp -s "$work/whole.$form" "$work/$db.$form"; then
      diff "$work/whole.$form" "$work/$db.$form" | head -20
      fail "$db store's churn ($form) differs from the single store's"
    fi
  done
done
[[ $(hosts_of "$work/merged.db") == $(hosts_of "$work/whole.db") ]] || fail "merged host count differs"
[[ $(hosts_of "$work/twice.db") == $(hosts_of "$work/whole.db") ]] || fail "merging twice duplicated hosts"
grep -c . "$work/whole.text" | xargs echo "churn rows (text lines) identical in merged, merged-twice and single stores:"

# A failed shard re-runs safely: shard 1 of the first day, killed with SIGKILL after its
# first commit and re-run, ends with exactly the hosts of the uninterrupted shard 1.
# A slow connect rate (part of the run's config, so the re-run repeats it) keeps the kill mid-run.
slow=(--shard 1/3 --seed 7 --connect-rate 100 --max-in-flight 16)
start_mock "$work/fleet" "${days[0]}" 0
store_batch_exec "$work/input-${days[0]}.csv" "${days[0]}" "$work/killed1.db" "${slow[@]}" >/dev/null 2>&1 &
batch_pid=$!
deadline=$((SECONDS + 120))
until (( $(hosts_of "$work/killed1.db") > 0 )); do
  kill -0 "$batch_pid" 2>/dev/null || fail "shard 1 ended before its first commit"
  (( SECONDS < deadline )) || fail "shard 1 committed nothing within 120 s"
  sleep 0.05
done
kill -9 "$batch_pid"
wait "$batch_pid" 2>/dev/null || true
committed=$(hosts_of "$work/killed1.db")
shard_hosts=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM hosts WHERE day = ?', (sys.argv[2],)).fetchone()[0])" "$work/shard1.db" "${days[0]}")
(( committed < shard_hosts )) || fail "the kill came after shard 1 finished; nothing was tested"
echo "shard 1 killed with $committed of $shard_hosts host(s) committed; re-running it"
store_batch "$work/input-${days[0]}.csv" "${days[0]}" "$work/killed1.db" "${slow[@]}" >/dev/null
python3 - "$work" "${days[0]}" <<'PY'
import sqlite3, sys
w, day = sys.argv[1], sys.argv[2]
sql = ("SELECT h.ip, h.open, h.family, d.udn FROM hosts h LEFT JOIN devices d ON d.id = h.device_id "
       "WHERE h.day = ? ORDER BY h.ip")
a = sqlite3.connect(f"{w}/shard1.db").execute(sql, (day,)).fetchall()
b = sqlite3.connect(f"{w}/killed1.db").execute(sql, (day,)).fetchall()
runs = sqlite3.connect(f"{w}/killed1.db").execute("SELECT count(*) FROM runs").fetchone()[0]
if a != b or runs != 1: sys.exit(f"FAIL: killed+re-run shard 1: {len(b)} hosts in {runs} run(s), uninterrupted {len(a)}")
print(f"killed and re-run shard 1: the same {len(a)} hosts as uninterrupted, in one run")
PY

# A second vantage point sees shard 0 of the first day again: presence is unchanged.
cp "$work/whole.db" "$work/vantage.db"
store_batch "$work/input-${days[0]}.csv" "${days[0]}" "$work/vantage.db" --shard 0/3 --seed 7 --vantage west >/dev/null
stop_mock
churn "$work/vantage.db" --json >"$work/vantage.json"
cmp -s "$work/whole.json" "$work/vantage.json" || fail "a second vantage point changed the churn table"
churn "$work/vantage.db" --by-vantage
churn "$work/vantage.db" --by-vantage --json | python3 -c "
import json, sys
rows = {(r['day'], r['vantage']): r for r in json.load(sys.stdin)}
west, default = rows[('${days[0]}', 'west')], rows[('${days[0]}', 'default')]
assert west['devices'] > 0 and west['devices_only_here'] == 0, west
assert default['devices_only_here'] == west['devices_missed'] > 0, (default, west)
print('by vantage: west saw', west['devices'], 'device(s), missed', west['devices_missed'])"
echo "store merge e2e: passed"
