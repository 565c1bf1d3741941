#!/usr/bin/env bash
# e2e (issue 13): follow killed with SIGKILL while sources wait in its durable queue, then
# restarted on the same stream: every queued source is probed exactly once, nothing stored
# is duplicated, and the stored hosts equal those of an uninterrupted follow of the same
# stream. Every wait is for a commit, never for a time. Run inside scripts/netns-run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/follow_lib.sh"
work=${STORE_KEEP:-$(mktemp -d)}
trap 'stop_mock; [[ -n "${pacer_pid:-}" ]] && kill "$pacer_pid" 2>/dev/null; [[ -n "${STORE_KEEP:-}" ]] || rm -rf "$work"' EXIT

start_follow_fleet "$work" "$(scaled 300 100)" 37
sources=$(wc -l <"$work/infected.txt")
# The stream arrives much faster than the probes run (a slow connect rate and a small
# in-flight window), so a backlog waits in the queue when the kill lands.
slow=(--connect-rate 100 --max-in-flight 20 --profile extended)
awk '{print "0 mirai " $1 " 203.0.113.7 23"} END {}' "$work/infected.txt" >"$work/plan.txt"
awk '{print "0 mirai " $1 " 203.0.113.8 2323"}' "$work/infected.txt" >>"$work/plan.txt"
write_plan_pcap "$work/plan.txt" "$work/stream.pcap"

follow_exec() {  # usage: follow_exec DB < STREAM (replaces the shell: $! is iotprobe)
  exec "$IOTPROBE_BIN" follow --pcap - --db "$1" "${follow_args[@]}" "${slow[@]}" --quiet
}
count() { sql "$1" "SELECT count(*) FROM $2" 2>/dev/null || echo 0; }

pace_pcap "$work/stream.pcap" 2000 live | (follow_exec "$work/whole.db") 2>"$work/whole.err" ||
  { cat "$work/whole.err"; echo "FAIL: the uninterrupted follow failed"; exit 1; }
echo "uninterrupted follow: $(count "$work/whole.db" hosts) hosts for $sources sources"

alive() { [[ $(cat "/proc/$1/comm" 2>/dev/null) == iotprobe && $(awk '{print $3}' "/proc/$1/stat") != Z ]]; }
mkfifo "$work/pipe"
for attempt in 1 2; do
  before=$(count "$work/killed.db" hosts)
  pace_pcap "$work/stream.pcap" 2000 live >"$work/pipe" &
  pacer_pid=$!
  follow_exec "$work/killed.db" <"$work/pipe" 2>>"$work/killed.err" &
  follow_pid=$!
  deadline=$((SECONDS + 120))
  # Wait for a commit of new hosts while the queue still holds a backlog.
  until (( $(count "$work/killed.db" hosts) > before )); do
    alive "$follow_pid" || { cat "$work/killed.err"; echo "FAIL: follow ended before committing"; exit 1; }
    (( SECONDS < deadline )) || { echo "FAIL: no commit within 120 s"; exit 1; }
    sleep 0.05
  done
  sleep "0.$((RANDOM % 5))"
  queued=$(count "$work/killed.db" follow_queue)
  kill -9 "$follow_pid"
  wait "$follow_pid" 2>/dev/null || true
  kill "$pacer_pid" 2>/dev/null || true
  wait "$pacer_pid" 2>/dev/null || true
  pacer_pid=""
  echo "kill -9 #$attempt: $(count "$work/killed.db" hosts) hosts stored, $(count "$work/killed.db" follow_queue) queued ($queued just before)"
  (( $(count "$work/killed.db" follow_queue) > 0 )) || { echo "FAIL: kill #$attempt found no backlog; nothing was tested"; exit 1; }
done
# The restart, on the same stream: the queue first, then whatever is new; re-sightings of
# stored sources are counted, not probed.
pace_pcap "$work/stream.pcap" 2000 live | (follow_exec "$work/killed.db") 2>>"$work/killed.err" ||
  { cat "$work/killed.err"; echo "FAIL: the restarted follow failed"; exit 1; }

python3 - "$work/whole.db" "$work/killed.db" "$sources" <<'PY'
import collections, sqlite3, sys
whole, killed, sources = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2]), int(sys.argv[3])
queries = {
    "hosts": "SELECT h.ip, h.open, h.family, d.udn FROM hosts h LEFT JOIN devices d ON d.id = h.device_id",
    "descriptions": "SELECT h.ip, x.device_path, x.udn FROM descriptions x JOIN hosts h ON h.id = x.host_id",
    "verdicts": "SELECT h.ip, v.family, v.vendor, v.product FROM verdicts v JOIN hosts h ON h.id = v.host_id",
    "sightings": "SELECT d.udn, s.ip FROM sightings s JOIN devices d ON d.id = s.device_id",
    "sources": "SELECT ip, admission FROM sources",
}
failures = []
for name, sql in queries.items():
    a = collections.Counter(whole.execute(sql).fetchall())
    b = collections.Counter(killed.execute(sql).fetchall())
    dups = sum(n - 1 for n in b.values() if n > 1)
    if dups: failures.append(f"{name}: {dups} duplicate row(s) after the restart")
    if a != b:
        failures.append(f"{name}: {sum((a - b).values())} row(s) missing, {sum((b - a).values())} extra")
        for row in list((a - b).elements())[:5]: print(f"  {name} only uninterrupted: {row}")
        for row in list((b - a).elements())[:5]: print(f"  {name} only killed+restarted: {row}")
    print(f"{name:13} uninterrupted {sum(a.values()):5}  killed+restarted {sum(b.values()):5}")
per_ip = collections.Counter(ip for (ip,) in killed.execute("SELECT ip FROM hosts"))
if len(per_ip) != sources or max(per_ip.values()) != 1:
    failures.append(f"{len(per_ip)} of {sources} sources stored, most copies {max(per_ip.values())}")
for db, name in ((whole, "uninterrupted"), (killed, "killed")):
    if db.execute("SELECT count(*) FROM follow_queue").fetchone()[0]:
        failures.append(f"{name}: the queue is not empty")
syns = killed.execute("SELECT min(mirai_syns) FROM sources").fetchone()[0]
if syns is None or syns < 2: failures.append(f"re-sightings not counted (min mirai_syns {syns})")
for f in failures: print("FAIL:", f)
print("follow resume e2e:", "FAILED" if failures else "passed")
sys.exit(1 if failures else 0)
PY
