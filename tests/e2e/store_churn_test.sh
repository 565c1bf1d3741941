#!/usr/bin/env bash
# End-to-end churn test: a 3-day mock fleet with daily churn and two intraday epochs is
# served epoch by epoch on loopback and batched into one store. Per day and manifest
# family, the store must see exactly the manifest's addresses and per-device UUIDs, each
# address in every family it holds (a Logitec router forwarding 81 to a WIFICAM counts in
# logitec-router with its UUID and in wificam without one, issue 11 case 1); hosts with a
# shared UDN must be unattributed; `iotprobe churn` must agree. Run in netns-run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/store_lib.sh"
work=$(mktemp -d)
trap 'stop_mock; rm -rf "$work"' EXIT

"$IOTPROBE_MOCK_BIN" fleet --devices "$(scaled 240 120)" --days 3 --seed 11 --epochs 2 --intraday-share 0.15 \
  --churn 0.25 --mix "$IOTPROBE_SOURCE_DIR/tests/mock/mixes/benign.mix" --out "$work/fleet" >/dev/null
days=(2021-05-27 2021-05-28 2021-05-29)
for day in "${days[@]}"; do
  for epoch in 0 1; do
    epoch_input "$work/fleet" "$day" "$epoch" "$work/in-$day-$epoch.csv"
    start_mock "$work/fleet" "$day" "$epoch"
    store_batch "$work/in-$day-$epoch.csv" "$day" "$work/store.db" --connect-rate 3000 --profile extended >/dev/null
    stop_mock
  done
done
"$IOTPROBE_BIN" churn --from "${days[0]}" --to "${days[2]}" --db "$work/store.db" --json >"$work/churn.json"
"$IOTPROBE_BIN" churn --from "${days[0]}" --to "${days[2]}" --db "$work/store.db" --no-country

python3 - "$work" "${days[@]}" <<'PY'
import collections, json, sqlite3, sys
work, days = sys.argv[1], sys.argv[2:]
db = sqlite3.connect(f"{work}/store.db")
churn = json.load(open(f"{work}/churn.json"))
failures = []
def check(cond, what):
    if not cond:
        failures.append(what)
prev_devices = set()
seen_ever = set()
behind_total = 0
for day in days:
    rows = [json.loads(l) for l in open(f"{work}/fleet/manifest-{day}.jsonl")]
    rows = [r for r in rows if r["infected"]]
    hosts = {}  # ip -> {(family, udn, shared)}: every device the store holds at the address
    for ip, family, udn, shared in db.execute(
            "SELECT h.ip, coalesce(hd.family, 'unknown'), d.udn, d.shared FROM hosts h "
            "JOIN host_devices hd ON hd.host_id = h.id LEFT JOIN devices d ON d.id = hd.device_id "
            "WHERE h.day = ? AND h.open = 1 AND h.honeypot = 0", (day,)):
        hosts.setdefault(ip, set()).add((family, udn, shared))
    by_family = collections.defaultdict(list)
    for r in rows:
        by_family[r["family"]].append(r)
        for other in r.get("behind", []):  # a device behind the address: no UUID of its own
            by_family[other].append(dict(r, family=other, uuid=None, shared_udn=False))
    churn_day = collections.defaultdict(lambda: [0, 0])
    for c in churn:
        if c["day"] == day and c["family"] != "*":
            churn_day[c["family"] or "unknown"][0] += c["ips"]
            churn_day[c["family"] or "unknown"][1] += c["devices"]
    day_devices = set()
    both = 0
    for family, fr in sorted(by_family.items()):
        m_ips = {r["ip"] for r in fr}
        m_uuids = {r["uuid"] for r in fr if r["uuid"] and not r["shared_udn"]}
        ours_ips = {ip for ip in m_ips if any(f == family for (f, u, s) in hosts.get(ip, ()))}
        ours_uuids = {u for ip in m_ips for (f, u, s) in hosts.get(ip, ()) if f == family and u and not s}
        check(ours_ips == m_ips, f"{day} {family}: {len(ours_ips)} IPs in the family, manifest {len(m_ips)}"
              f" (missing e.g. {sorted(m_ips - ours_ips)[:3]})")
        check(ours_uuids == m_uuids,
              f"{day} {family}: {len(ours_uuids)} devices, manifest {len(m_uuids)}")
        if family != "hostile":
            check(churn_day[family] == [len(m_ips), len(m_uuids)],
                  f"{day} {family}: churn says ips/devices {churn_day[family]}, manifest "
                  f"{[len(m_ips), len(m_uuids)]}")
        for r in fr:
            if r["shared_udn"]:
                attributed = [u for (f, u, s) in hosts.get(r["ip"], ()) if u and not s]
                check(not attributed, f"{day} {r['ip']} shared-UDN host attributed to {attributed}")
        print(f"{day} {family:16} ips {len(ours_ips):4}/{len(m_ips):4}  devices "
              f"{len(ours_uuids):4}/{len(m_uuids):4}  shared-udn hosts "
              f"{sum(r['shared_udn'] for r in fr)}")
        day_devices |= m_uuids
    for r in rows:
        if r.get("behind"):
            fams = {f for (f, u, s) in hosts.get(r["ip"], ())}
            both += {r["family"], *r["behind"]} <= fams
    n_behind = sum(1 for r in rows if r.get("behind"))
    behind_total += n_behind
    check(both == n_behind, f"{day}: {both} of {n_behind} router+camera addresses hold both devices")
    total = [r for r in churn if r["day"] == day and r["family"] == "*"]
    check(len(total) == 1, f"{day}: churn has no total row")
    if total:
        t = total[0]
        m_all_ips = {r["ip"] for r in rows}
        check(t["ips"] == len(m_all_ips), f"{day}: churn ips {t['ips']} vs manifest {len(m_all_ips)}")
        check(t["devices"] == len(day_devices), f"{day}: churn devices {t['devices']} vs {len(day_devices)}")
        check(t["new_devices"] == len(day_devices - seen_ever),
              f"{day}: new {t['new_devices']} vs {len(day_devices - seen_ever)}")
        if day != days[0]:
            check(t["vanished_devices"] == len(prev_devices - day_devices),
                  f"{day}: vanished {t['vanished_devices']} vs {len(prev_devices - day_devices)}")
        m_multi = collections.defaultdict(set)
        for r in rows:
            if r["uuid"] and not r["shared_udn"]:
                m_multi[r["uuid"]].add(r["ip"])
        want_multi = sum(1 for ips in m_multi.values() if len(ips) > 1)
        check(t["multi_ip_devices"] == want_multi,
              f"{day}: multi-ip {t['multi_ip_devices']} vs manifest {want_multi}")
        check(t["unattributed_hosts"] == len({r["ip"] for r in rows if r["shared_udn"]}),
              f"{day}: unattributed {t['unattributed_hosts']}")
    seen_ever |= day_devices
    prev_devices = day_devices
check(behind_total > 0, "no router with a camera behind it in the fleet")
dups = db.execute("SELECT count(*) FROM (SELECT device_id, ip, day FROM sightings "
                  "GROUP BY 1, 2, 3 HAVING count(*) > 1)").fetchone()[0]
check(dups == 0, f"{dups} duplicate sightings")
for f in failures:
    print("FAIL:", f)
print("store churn e2e:", "FAILED" if failures else "passed", f"({len(failures)} failure(s))")
sys.exit(1 if failures else 0)
PY
