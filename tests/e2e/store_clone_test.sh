#!/usr/bin/env bash
# Issue 11 case 4, end to end: a UDN that a firmware image gives every unit (on no
# known-defaults list) looks like one device while it answers at one address a day. On
# day 2 it answers at two addresses of one run: batch re-probes both together, both serve
# it, so it is a clone (shared, rule simultaneous_answer), and the summary and churn say
# that day 1's counts changed too. A device that merely changed address stays a device.
# The summary measures devices against the addresses that could hold one: the WIFICAM
# camera (HTTP only, no UPnP) is not among them.
# Run inside scripts/netns-run; the mock serves single hosts on loopback only.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/store_lib.sh"
work=$(mktemp -d)
trap 'stop_mock; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
clone=uuid:5f1c2a3b-7d4e-4c5f-9a6b-0c1d2e3f4a5b

start_mock_hosts renderer_cloned_udn@127.41.0.1 renderer_cloned_udn@127.41.0.2 \
  logitec_router@127.41.0.3 wificam@127.41.0.4
printf 'day,ip\n2021-05-27,127.41.0.1\n2021-05-27,127.41.0.3\n2021-05-27,127.41.0.4\n' >"$work/day1.csv"
printf 'day,ip\n2021-05-28,127.41.0.1\n2021-05-28,127.41.0.2\n2021-05-28,127.41.0.3\n' >"$work/day2.csv"
store_batch "$work/day1.csv" 2021-05-27 "$work/store.db" >"$work/day1.out"
"$IOTPROBE_BIN" churn --from 2021-05-27 --db "$work/store.db" --json >"$work/before.json"
store_batch "$work/day2.csv" 2021-05-28 "$work/store.db" >"$work/day2.out"
cat "$work/day2.out"
"$IOTPROBE_BIN" churn --from 2021-05-27 --to 2021-05-28 --db "$work/store.db" --json >"$work/after.json"
"$IOTPROBE_BIN" churn --from 2021-05-27 --to 2021-05-28 --db "$work/store.db" --no-country >"$work/after.txt"
cat "$work/after.txt"

grep -q "devices vs IPs: 2 unique device(s) behind 2 address(es) that served a UPnP description, SSDP reply or self-signed certificate (1 HTTP-only" \
  "$work/day1.out" || fail "the day 1 summary counts devices against HTTP-only hosts: $(grep 'vs IPs' "$work/day1.out")"
grep -q "reclassified $clone as shared (simultaneous_answer)" "$work/day2.out" ||
  fail "the day 2 summary does not report the clone"
grep -q "2021-05-27, 2021-05-28 (1 earlier day(s))" "$work/day2.out" ||
  fail "the day 2 summary does not name the earlier day whose counts changed"
grep -q "^2021-05-27 (unidentified): 1 device(s) reclassified" "$work/after.txt" ||
  fail "churn does not say day 1's counts changed"
python3 - "$work" "$clone" <<'PY'
import json, sqlite3, sys
work, clone = sys.argv[1], sys.argv[2]
db = sqlite3.connect(f"{work}/store.db")
shared, reason = db.execute("SELECT shared, shared_reason FROM devices WHERE udn = ?", (clone,)).fetchone()
assert (shared, reason) == (1, "simultaneous_answer"), (shared, reason)
states = db.execute("SELECT state, count(*) FROM clone_checks GROUP BY 1").fetchall()
assert states == [("clone", 1)], states
router = db.execute("SELECT shared FROM devices WHERE udn LIKE 'uuid:63041253-1019-2006-1228-%'").fetchall()
assert router == [(0,)], router
def unidentified(rows, day):
    return next(r for r in rows if r["day"] == day and r["family"] == "")
before = unidentified(json.load(open(f"{work}/before.json")), "2021-05-27")
after = json.load(open(f"{work}/after.json"))
day1 = unidentified(after, "2021-05-27")
assert before["devices"] == 1 and before["unattributed_hosts"] == 0, before
assert day1["devices"] == 0 and day1["unattributed_hosts"] == 1 and day1["reclassified_devices"] == 1, day1
day2 = unidentified(after, "2021-05-28")
assert day2["devices"] == 0 and day2["unattributed_hosts"] == 2, day2
print("clone e2e: day 1 devices", before["devices"], "->", day1["devices"], "(reclassified, reported)")
PY
echo "store clone e2e: passed"
