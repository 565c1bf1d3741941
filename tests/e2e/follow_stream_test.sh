#!/usr/bin/env bash
# e2e (issue 13): a Mirai pcap stream piped at a controlled packet rate into
# `follow --pcap -` while the mock fleet serves. Every Mirai source of the manifest is
# probed exactly once; sources that are scanners before their first Mirai SYN are never
# probed; a source that becomes a scanner after its probe keeps its host, tagged scanner;
# re-sightings are counted on the source's row without a probe; the queue ends empty, and
# the p95 sighting-to-probe lag stays under a generous bound. Then darknet rows (CSV with
# first_seen) on stdin go the same way. Run inside scripts/netns-run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/follow_lib.sh"
work=${STORE_KEEP:-$(mktemp -d)}
trap 'stop_mock; [[ -n "${STORE_KEEP:-}" ]] || rm -rf "$work"' EXIT

start_follow_fleet "$work" "$(scaled 160 60)" 31

# The plan: scanners first (3 sources: 40 plain SYNs to 40 ports, then a Mirai SYN), one
# Mirai SYN from every other source, a late scanner (its Mirai SYN, then 40 SYNs), then
# two more Mirai SYNs from every Mirai source (re-sightings). Times are stamped live.
python3 - "$work/infected.txt" "$work/plan.txt" "$work/expect.txt" <<'PY'
import sys
ips = open(sys.argv[1]).read().split()
scanners, late, mirai = ips[:3], ips[3], ips[3:]
lines = []
for s in scanners:
    lines += [f"0 syn {s} 198.51.100.1 {1000 + p}" for p in range(40)]
    lines.append(f"0 mirai {s} 198.51.100.2 23")
lines += [f"0 mirai {ip} 203.0.113.{i % 250 + 1} 23" for i, ip in enumerate(mirai)]
lines += [f"0 syn {late} 198.51.100.1 {2000 + p}" for p in range(40)]
for round_ in range(2):
    lines += [f"0 mirai {ip} 192.0.2.{round_ + 1} 2323" for ip in mirai]
open(sys.argv[2], "w").write("\n".join(lines) + "\n")
open(sys.argv[3], "w").write(f"scanners={','.join(scanners)}\nlate={late}\nmirai={','.join(mirai)}\n")
PY
write_plan_pcap "$work/plan.txt" "$work/stream.pcap"
packets=$(wc -l <"$work/plan.txt")
rate=$(scaled 150 100)
echo "stream: $packets packets at $rate/s, $(wc -l <"$work/infected.txt") infected sources"

began=$(date +%s%N)
status=0
pace_pcap "$work/stream.pcap" "$rate" live |
  "$IOTPROBE_BIN" follow --pcap - --db "$work/follow.db" "${follow_args[@]}" \
    --min-scanner-ports 30 --min-scanner-packets 40 2>"$work/follow.err" || status=$?
echo "follow ended with exit $status after $((($(date +%s%N) - began) / 1000000)) ms"
grep '^follow:' "$work/follow.err" | tail -n 4
[[ $status == 0 ]] || { cat "$work/follow.err"; echo "FAIL: follow exited $status"; exit 1; }

python3 - "$work/follow.db" "$work/expect.txt" <<'PY'
import collections, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
expect = dict(l.strip().split("=", 1) for l in open(sys.argv[2]))
scanners, late, mirai = set(expect["scanners"].split(",")), expect["late"], set(expect["mirai"].split(","))
failures = []
hosts = collections.Counter(ip for (ip,) in db.execute("SELECT ip FROM hosts"))
if set(hosts) != mirai:
    failures.append(f"probed {len(hosts)} sources; missing {sorted(mirai - set(hosts))[:5]}, "
                    f"unexpected {sorted(set(hosts) - mirai)[:5]}")
dups = {ip: n for ip, n in hosts.items() if n > 1}
if dups: failures.append(f"probed more than once: {dups}")
if scanners & set(hosts): failures.append(f"scanners probed: {sorted(scanners & set(hosts))}")
tag = db.execute("SELECT tag FROM hosts WHERE ip = ?", (late,)).fetchone()
if not tag or tag[0] != "scanner": failures.append(f"late scanner {late} host tag {tag}")
rows = {ip: (adm, syns) for ip, adm, syns in db.execute("SELECT ip, admission, mirai_syns FROM sources")}
for ip in scanners:
    if rows.get(ip, (None,))[0] != "scanner": failures.append(f"scanner {ip} source row {rows.get(ip)}")
for ip in mirai - {late}:
    if rows.get(ip) != ("accepted", 3): failures.append(f"{ip}: source row {rows.get(ip)}, want accepted with 3 sightings"); break
queued = db.execute("SELECT count(*) FROM follow_queue").fetchone()[0]
if queued: failures.append(f"{queued} source(s) left in the queue")
states = [s for (s,) in db.execute("SELECT state FROM runs")]
if states != ["finished"]: failures.append(f"run states {states}")
lags = sorted(l for (l,) in db.execute("SELECT lag_s FROM hosts WHERE lag_s IS NOT NULL"))
if len(lags) != len(hosts): failures.append(f"{len(hosts) - len(lags)} host(s) without a lag")
if lags:
    p = lambda q: lags[min(len(lags) - 1, int(q * (len(lags) - 1) + 0.5))]
    print(f"lag over {len(lags)} probes: median {p(0.5):.2f} s, p95 {p(0.95):.2f} s, max {lags[-1]:.2f} s")
    if p(0.95) > 10: failures.append(f"p95 lag {p(0.95):.2f} s over the 10 s bound")
print(f"probed {len(hosts)} of {len(mirai)} Mirai sources once; {len(scanners)} scanners skipped; "
      f"late scanner tagged; re-sightings counted")
for f in failures: print("FAIL:", f)
sys.exit(1 if failures else 0)
PY

# The readers show the lag: lookup prints it, churn --max-lag keeps the fresh probes (all of
# them here) and leaves out every one with a bound below any lag; a bad duration is refused.
today=$(sql "$work/follow.db" "SELECT day FROM runs")
some_ip=$(sql "$work/follow.db" "SELECT ip FROM hosts WHERE tag = 'mirai' LIMIT 1")
"$IOTPROBE_BIN" lookup ip "$some_ip" --db "$work/follow.db" | grep -q "darknet first seen .* lag " ||
  { echo "FAIL: lookup ip does not show the lag"; exit 1; }
fresh=$("$IOTPROBE_BIN" churn --from "$today" --db "$work/follow.db" --max-lag 1h --json)
none=$("$IOTPROBE_BIN" churn --from "$today" --db "$work/follow.db" --max-lag 0s --json)
[[ "$fresh" != "[]" && "$none" == "[]" ]] || { echo "FAIL: churn --max-lag: 1h gave $fresh, 0s gave $none"; exit 1; }
if "$IOTPROBE_BIN" churn --from "$today" --db "$work/follow.db" --max-lag soon 2>/dev/null; then
  echo "FAIL: churn accepted --max-lag soon"; exit 1
fi
echo "readers: lookup shows the lag; churn --max-lag 1h keeps the probes, 0s leaves them all out"

# Rows on stdin: a CSV with first_seen; a row tagged scanner is recorded, not probed, and
# a repeated row is a re-sighting. `lookup` shows the stored lag.
ips=($(head -n 3 "$work/infected.txt"))
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
printf 'ip,first_seen,tag\n%s,%s,mirai\n%s,%s,scanner\n%s,%s,mirai\n%s,%s,mirai\n' \
  "${ips[0]}" "$now" "${ips[1]}" "$now" "${ips[2]}" "$now" "${ips[0]}" "$now" |
  "$IOTPROBE_BIN" follow --input - --db "$work/rows.db" "${follow_args[@]}" 2>"$work/rows.err" ||
  { cat "$work/rows.err"; echo "FAIL: follow --input - failed"; exit 1; }
got=$(sql "$work/rows.db" "SELECT group_concat(ip, ' ') FROM (SELECT ip FROM hosts ORDER BY ip)")
want=$(printf '%s\n' "${ips[0]}" "${ips[2]}" | sort | paste -sd' ')
[[ "$got" == "$want" ]] || { echo "FAIL: rows probed '$got', want '$want'"; exit 1; }
[[ $(sql "$work/rows.db" "SELECT mirai_syns FROM sources WHERE ip = '${ips[0]}'") == 2 ]] ||
  { echo "FAIL: the repeated row was not counted as a re-sighting"; exit 1; }
echo "rows on stdin: probed ${got}; scanner row skipped; repeated row counted"
echo "follow stream e2e: passed"
