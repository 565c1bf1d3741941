#!/usr/bin/env bash
# e2e (issue 13): a capture whose packet times cross midnight in --tz +09:00 rolls over
# into the next day's run: sources first seen before midnight are stored in 2021-05-27's
# run, those first seen after it in 2021-05-28's, and a source seen on both sides is
# probed once, its second day's sighting recorded as `recent` (--reprobe-after 6h).
# Run inside scripts/netns-run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/follow_lib.sh"
work=${STORE_KEEP:-$(mktemp -d)}
trap 'stop_mock; [[ -n "${STORE_KEEP:-}" ]] || rm -rf "$work"' EXIT

start_follow_fleet "$work" 60 41
first_infected "$work" 10 "$work/ips.txt"
# 2021-05-27T14:59:55Z is 23:59:55 at +09:00; 15:00:05Z is 00:00:05 on the 28th there.
before=1622127595 after=1622127605
{
  head -n 5 "$work/ips.txt" | awk -v t="$before" '{print t " mirai " $1 " 203.0.113.1 23"}'
  tail -n 5 "$work/ips.txt" | awk -v t="$after" '{print t " mirai " $1 " 203.0.113.2 23"}'
  head -n 1 "$work/ips.txt" | awk -v t="$after" '{print t + 1 " mirai " $1 " 203.0.113.3 23"}'
} >"$work/plan.txt"
write_plan_pcap "$work/plan.txt" "$work/days.pcap"
pace_pcap "$work/days.pcap" 50 keep |
  "$IOTPROBE_BIN" follow --pcap - --tz +09:00 --db "$work/days.db" "${follow_args[@]}" 2>"$work/days.err" ||
  { cat "$work/days.err"; echo "FAIL: follow failed"; exit 1; }
grep '^follow:' "$work/days.err" | tail -n 3

python3 - "$work/days.db" "$work/ips.txt" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
ips = open(sys.argv[2]).read().split()
failures = []
stored = {ip: day for ip, day in db.execute("SELECT h.ip, r.day FROM hosts h JOIN runs r ON r.id = h.run_id")}
want = {ip: "2021-05-27" for ip in ips[:5]} | {ip: "2021-05-28" for ip in ips[5:]}
if stored != want: failures.append(f"hosts by day {sorted(stored.items())}, want {sorted(want.items())}")
runs = sorted(d for (d,) in db.execute("SELECT day FROM runs"))
if runs != ["2021-05-27", "2021-05-28"]: failures.append(f"runs {runs}")
second = db.execute("SELECT s.admission FROM sources s JOIN runs r ON r.id = s.run_id "
                    "WHERE s.ip = ? AND r.day = '2021-05-28'", (ips[0],)).fetchone()
if not second or second[0] != "recent": failures.append(f"{ips[0]} on the 28th: {second}, want recent")
first_seen = db.execute("SELECT first_seen FROM hosts WHERE ip = ?", (ips[0],)).fetchone()[0]
if first_seen != "2021-05-27T14:59:55.000Z": failures.append(f"first_seen {first_seen}")
for f in failures: print("FAIL:", f)
print("follow days e2e:", "FAILED" if failures else "passed: 5 + 5 hosts in two day runs, the repeat recorded as recent")
sys.exit(1 if failures else 0)
PY
