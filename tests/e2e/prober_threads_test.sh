#!/usr/bin/env bash
# --threads N gives the results of --threads 1 (issue 15): the same fleet is scanned and
# batched with 1, 2 and 3 event loops, and the JSONL lines and the stored rows, in canonical
# form (times, elapsed and row ids left out, rows sorted), must be identical, refusals and
# duplicates included. Loopback only: run inside scripts/netns-run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/store_lib.sh"
work=${THREADS_KEEP:-$(mktemp -d)}  # THREADS_KEEP=DIR keeps the outputs for a look
mkdir -p "$work"
trap 'stop_mock; [[ -n "${THREADS_KEEP:-}" ]] || rm -rf "$work"' EXIT
day=2021-05-27
fail() { echo "FAIL: $*" >&2; exit 1; }

"$IOTPROBE_MOCK_BIN" fleet --devices 300 --days 1 --seed 31 --epochs 1 --intraday-share 0 \
  --mix "$IOTPROBE_SOURCE_DIR/tests/mock/mixes/benign.mix" --out "$work/fleet" >/dev/null
epoch_input "$work/fleet" "$day" 0 "$work/fleet.csv"
# Admission must not depend on the shards: a reserved address, a bad line and duplicates
# (one within the dedupe window of --dedupe-window 50, one beyond it).
{
  cat "$work/fleet.csv"
  echo "$day,192.0.2.77,ZZ,mirai"
  echo "$day,not-an-ip,ZZ,mirai"
  sed -n 2,4p "$work/fleet.csv"
  tail -n 2 "$work/fleet.csv"
} >"$work/input.csv"
awk -F, 'NR > 1 { print $2 }' "$work/input.csv" >"$work/ips.txt"
start_mock "$work/fleet" "$day" 0

# Canonical form of a scan's JSONL (`jsonl FILE`) or a batch's store (`db FILE`): volatile
# fields (times, elapsed, row ids) dropped, rows, probes and evidence sorted (a host's
# probes are listed in completion order, which varies run to run with any thread count).
# One race belongs to the mock, not to threads: it accepts a closed port and resets it,
# and curl sees "refused" or "reset" depending on whether the RST beat its connect check,
# so a byteless refused/reset is one status here, and the open-port counts derived from
# it are left out.
canonical() {
  python3 - "$1" "$2" <<'PY'
import json, sqlite3, sys
kind, path = sys.argv[1], sys.argv[2]
def probe_key(p):
    if p.get("status") in ("refused", "reset") and not p.get("raw_bytes"):
        p["status"], p["detail"] = "closed", ""
    return json.dumps(p, sort_keys=True)
# Evidence names its answers by index into the host's probes, which are in completion
# order: each index becomes that probe's canonical key.
def evidence(items, keys):
    def named(e):
        e = dict(e)
        e["responses"] = sorted(keys[i] if 0 <= i < len(keys) else "?" for i in e.get("responses", []))
        return json.dumps(e, sort_keys=True)
    return sorted(named(e) for e in items)
out = []
if kind == "jsonl":
    for line in open(path):
        r = json.loads(line)
        for k in ("started", "finished", "elapsed_ms", "open_ports"): r.pop(k, None)
        for p in r.get("probes", []): p.pop("elapsed_ms", None)
        keys = [probe_key(p) for p in r.get("probes", [])]
        r["probes"] = sorted(keys)
        if r.get("verdict"): r["verdict"]["evidence"] = evidence(r["verdict"]["evidence"], keys)
        out.append(json.dumps(r, sort_keys=True))
else:
    db = sqlite3.connect(path)
    q = lambda sql: [repr(row) for row in db.execute(sql)]
    out += q("SELECT targets, refused, hosts_done, hosts_identified FROM runs")
    out += q("SELECT ip, day, country, tag, family FROM hosts ORDER BY ip")
    out += sorted(repr(r[:3]) + probe_key({"status": r[3], "raw_bytes": 0}) for r in
                  db.execute("SELECT ip, port, probe, status FROM progress"))
    cols = ("port probe path status detail http_status server title realm content_type raw "
            "raw_bytes body_sha256").split()
    keys = {}  # ip -> its responses' keys in stored order, which evidence indexes
    for row in db.execute("SELECT h.ip, " + ", ".join("x." + c for c in cols) +
                          " FROM responses x JOIN hosts h ON h.id = x.host_id ORDER BY x.id"):
        p = dict(zip(cols, row[1:]))
        p["raw"] = p["raw"].hex() if p["raw"] else None
        keys.setdefault(row[0], []).append(probe_key(p))
        out.append(row[0] + " " + keys[row[0]][-1])
    out += q("SELECT h.ip, device_path, friendly_name, manufacturer, model_name, udn "
             "FROM descriptions x JOIN hosts h ON h.id = x.host_id")
    for ip, fam, ven, prod, ver, cert, ev, conf in db.execute(
            "SELECT h.ip, v.family, vendor, product, version, certainty, evidence, conflicts "
            "FROM verdicts v JOIN hosts h ON h.id = v.host_id"):
        out.append(repr((ip, fam, ven, prod, ver, cert, evidence(json.loads(ev), keys.get(ip, [])), conf)))
    out += q("SELECT udn, family, first_day, last_day FROM devices")
print("\n".join(sorted(out)))
PY
}

common=(--allow 127.0.0.0/8 --port-map "$store_port_map" --host-deadline-ms 8000
        --connect-timeout-ms 2000 --transfer-deadline-ms 4000 --ssdp-window-ms 1500
        --profile extended --dedupe-window 50)
for n in 1 2 3; do
  "$IOTPROBE_BIN" scan --input "$work/ips.txt" --jsonl "$work/scan-$n.jsonl" --threads "$n" \
    "${common[@]}" 2>"$work/scan-$n.err" || true  # the bad line makes the exit code 2
  grep -q "refused 192.0.2.77 (blocklist)" "$work/scan-$n.err" || fail "--threads $n: no refusal shown"
  canonical jsonl "$work/scan-$n.jsonl" >"$work/scan-$n.txt"
  "$IOTPROBE_BIN" batch --input "$work/input.csv" --day "$day" --db "$work/batch-$n.db" \
    --threads "$n" --quiet "${common[@]}" >/dev/null
  canonical db "$work/batch-$n.db" >"$work/batch-$n.txt"
done

hosts=$(wc -l <"$work/scan-1.txt")
[[ $hosts -gt 100 ]] || fail "only $hosts hosts scanned"
open=$(grep -c '\\"status\\": \\"ok\\"' "$work/scan-1.txt" || true)
[[ $open -gt 50 ]] || fail "only $open hosts answered: the comparison would prove little"
for n in 2 3; do
  diff -u "$work/scan-1.txt" "$work/scan-$n.txt" >"$work/scan.diff" ||
    { cut -c1-300 "$work/scan.diff" | head -20 >&2; fail "scan --threads $n differs from --threads 1"; }
  diff -u "$work/batch-1.txt" "$work/batch-$n.txt" >"$work/batch.diff" ||
    { cut -c1-300 "$work/batch.diff" | head -20 >&2; fail "batch --threads $n differs from --threads 1"; }
done
echo "ok: $hosts hosts ($open answering), scan and batch identical with 1, 2 and 3 threads"
