# Compares two stores of the same input, day and config row for row (as multisets) and
# exits 1 on any difference: an uninterrupted batch against one that was disturbed (killed,
# blocked, out of space) and resumed. Refused/reset both count as a closed port.
# usage: store_compare.py WHOLE.db DISTURBED.db TARGETS
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
whole, disturbed, targets = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2]), int(sys.argv[3])
failures = []
for name, sql in queries.items():
    a = collections.Counter(whole.execute(sql).fetchall())
    b = collections.Counter(disturbed.execute(sql).fetchall())
    dups = sum(n - 1 for n in b.values() if n > 1)
    if name in ("hosts", "sightings", "progress", "devices") and dups:
        failures.append(f"{name}: {dups} duplicate row(s) after resume")
    if a != b:
        failures.append(f"{name}: {sum((a - b).values())} row(s) missing, {sum((b - a).values())} extra")
        # Which rows: a status that differs only by timing reads differently from a lost host.
        for row in list((a - b).elements())[:5]:
            print(f"  {name} only uninterrupted: {row}")
        for row in list((b - a).elements())[:5]:
            print(f"  {name} only disturbed+resumed: {row}")
    print(f"{name:13} uninterrupted {sum(a.values()):6}  disturbed+resumed {sum(b.values()):6}")
hosts = whole.execute("SELECT count(*) FROM hosts").fetchone()[0]
if hosts != targets:
    failures.append(f"uninterrupted run stored {hosts} hosts for {targets} targets")
for f in failures:
    print("FAIL:", f)
print("store comparison:", "FAILED" if failures else "passed")
sys.exit(1 if failures else 0)
