#!/usr/bin/env bash
# Records what iotprobe does on a fixed input, in a form two builds can be diffed by: the
# store's rows (volatile times and row ids left out, canonical order), scan JSONL, churn,
# lookup and export outputs. For refactors that must not change behaviour:
#   scripts/netns-run scripts/behaviour-snapshot.sh BUILD_DIR OUT_DIR   (loopback only)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: behaviour-snapshot.sh BUILD_DIR OUT_DIR}
out=${2:?usage: behaviour-snapshot.sh BUILD_DIR OUT_DIR}
bin=$build/prober/iotprobe
mock=$build/tests/mock/iotprobe-mock
[[ "${IOTPROBE_IN_NETNS:-0}" != 0 ]] || { echo "run me through scripts/netns-run" >&2; exit 2; }
rm -rf "$out"
mkdir -p "$out"
work=${TMPDIR:-/tmp}/iotprobe-behaviour-snapshot; rm -rf "$work"; mkdir -p "$work"
mock_pid=""
cleanup() { [[ -z "$mock_pid" ]] || kill "$mock_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

"$mock" fleet --devices 400 --days 2 --epochs 2 --churn 0.3 --intraday-share 0.2 \
  --seed 7 --start-day 2021-05-27 --out "$work/fleet" >/dev/null
IOTPROBE_BIN=$bin IOTPROBE_MOCK_BIN=$mock
export IOTPROBE_BIN IOTPROBE_MOCK_BIN
source tests/e2e/store_lib.sh

# The namespace is our own, so fixed wire ports are free: the mock is restarted on them.
fixed_ports=80=18080,81=18081,52869=52869,52881=52881,37215=37215,1900=11900
start_mock() {
  "$mock" serve --fleet "$1" --day "$2" --epoch "$3" >"$work/mock.log" 2>&1 &
  mock_pid=$!
  for _ in $(seq 1 100); do grep -q '^ready' "$work/mock.log" && return 0; sleep 0.1; done
  echo "mock did not start" >&2; cat "$work/mock.log" >&2; exit 1
}
db=$work/snap.db
for day in 2021-05-27 2021-05-28; do
  for epoch in 0 1; do
    epoch_input "$work/fleet" "$day" "$epoch" "$work/in-$day-$epoch.csv"
    start_mock "$work/fleet" "$day" "$epoch"
    store_port_map=$fixed_ports  # fixed wire ports keep the config hash comparable
    store_batch "$work/in-$day-$epoch.csv" "$day" "$db" --profile extended >"$out/batch-$day-$epoch.txt"
    "$bin" scan --input "$work/in-$day-$epoch.csv" --allow 127.0.0.0/8 --port-map "$store_port_map" \
      --host-deadline-ms 8000 --connect-timeout-ms 2000 --transfer-deadline-ms 4000 \
      --ssdp-window-ms 300 --profile extended --jsonl "$work/scan.jsonl" >/dev/null 2>&1
    # Times, elapsed and wire ports vary run to run; everything else must not.
    python3 - "$work/scan.jsonl" "$store_port_map" >"$out/scan-$day-$epoch.jsonl" <<'PY'
import json, sys
rows = []
for line in open(sys.argv[1]):
    r = json.loads(line)
    for k in ("started", "finished", "elapsed_ms"): r.pop(k, None)
    for p in r.get("probes", []): p.pop("elapsed_ms", None)
    rows.append(json.dumps(r, sort_keys=True))
print("\n".join(sorted(rows)))
PY
    stop_mock
  done
done

sed -i -E 's/[0-9]+ hosts\/s|in [0-9.]+ s/…/g' "$out"/batch-*.txt
q() { sqlite3 -header -csv "$db" "$1"; }
q "SELECT input, day, state, targets, refused, hosts_done, hosts_open, hosts_identified FROM runs ORDER BY input, day" | sed "s#$work#WORK#g" >"$out/runs.csv"
q "SELECT udn, udn_raw, shared, shared_reason, family, vendor, manufacturer, model_name, model_number, serial_number, first_day, last_day, mac FROM devices ORDER BY udn" >"$out/devices.csv"
q "SELECT r.day, h.ip, h.day, country, tag, open, h.family, d.udn FROM hosts h JOIN runs r ON r.id = h.run_id LEFT JOIN devices d ON d.id = h.device_id ORDER BY r.input, h.ip" >"$out/hosts.csv"
q "SELECT r.input, p.ip, port, probe, status FROM progress p JOIN runs r ON r.id = p.run_id ORDER BY r.input, p.ip, port, probe" | sed "s#$work#WORK#g" >"$out/progress.csv"
q "SELECT r.input, h.ip, x.seq, port, probe, path, status, detail, http_status, server, title, realm, content_type, hex(raw), raw_bytes, body_sha256 FROM responses x JOIN hosts h ON h.id = x.host_id JOIN runs r ON r.id = h.run_id ORDER BY r.input, h.ip, x.seq" | sed "s#$work#WORK#g" >"$out/responses.csv"
q "SELECT r.input, h.ip, device_path, device_type, friendly_name, manufacturer, model_name, model_number, model_description, serial_number, udn_raw, udn FROM descriptions x JOIN hosts h ON h.id = x.host_id JOIN runs r ON r.id = h.run_id ORDER BY r.input, h.ip, device_path, x.id" | sed "s#$work#WORK#g" >"$out/descriptions.csv"
q "SELECT r.input, h.ip, v.family, vendor, product, version, certainty, evidence, conflicts FROM verdicts v JOIN hosts h ON h.id = v.host_id JOIN runs r ON r.id = h.run_id ORDER BY r.input, h.ip" | sed "s#$work#WORK#g" >"$out/verdicts.csv"
q "SELECT d.udn, s.ip, s.day FROM sightings s JOIN devices d ON d.id = s.device_id ORDER BY d.udn, s.day, s.ip" >"$out/sightings.csv"

"$bin" churn --from 2021-05-27 --to 2021-05-28 --db "$db" >"$out/churn.txt"
"$bin" churn --from 2021-05-27 --to 2021-05-28 --db "$db" --json >"$out/churn.json"
"$bin" export --format csv --db "$db" >"$out/export.csv"
"$bin" export --format jsonl --db "$db" | sed "s#$work#WORK#g" >"$out/export.jsonl"
udn=$(awk -F, 'NR > 1 && $10 != "" && $11 == "false" { print $10; exit }' "$out/export.csv")
ip=$(awk -F, 'NR == 2 { print $2 }' "$out/export.csv")
"$bin" lookup uuid "$udn" --db "$db" | sed "s#$work#WORK#g" >"$out/lookup-uuid.txt"
"$bin" lookup uuid "$udn" --db "$db" --json | sed "s#$work#WORK#g" >"$out/lookup-uuid.json"
"$bin" lookup ip "$ip" --db "$db" | sed -E "s#$work#WORK#g; s/[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z?/TIME/g" >"$out/lookup-ip.txt"
"$bin" lookup ip "$ip" --db "$db" --json | sed -E "s#$work#WORK#g" |
  python3 -c 'import json,sys; d=json.load(sys.stdin); [h.pop(k,None) for h in d["hosts"] for k in ("started_at","finished_at")]; print(json.dumps(d, indent=1, sort_keys=True))' >"$out/lookup-ip.json"
"$bin" lookup model 'LAN-W.?300N' --db "$db" >"$out/lookup-model.txt"
"$bin" lookup model 'LAN-W.?300N' --db "$db" --json >"$out/lookup-model.json"
for f in tests/fixtures/http/*.http tests/fixtures/upnp/*.xml tests/fixtures/ssdp/*.txt; do
  [[ -f "$f" ]] || continue
  kind=http; [[ $f == *upnp* ]] && kind=upnp; [[ $f == *ssdp* ]] && kind=ssdp
  { "$bin" parse "$kind" "$f" 2>&1; "$bin" parse "$kind" --json --fingerprint "$f" 2>&1; } || true
done >"$out/parse.txt"
# What varies from run to run of one build: times, elapsed, the order in which probes finish,
# and whether the mock's accept-then-reset closed port reads as refused or reset. (The
# config hash is left out above: it covers absolute paths, so it differs per checkout.)
python3 - "$out" <<'PY'
import csv, io, json, pathlib, re, sys
iso = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")
closed = re.compile(r"Couldn't connect to server|Failure when receiving data from the peer|Failed sending data to the peer")
status = re.compile(r"\b(refused|reset)\b")
def canon(v):
    if isinstance(v, dict):
        return {k: canon(x) for k, x in v.items() if k not in ("elapsed_ms", "started", "finished", "started_at", "finished_at", "first_seen", "last_seen", "open_ports")}
    if isinstance(v, list):
        items = [canon(x) for x in v]
        if items and all(isinstance(x, dict) for x in items):
            items.sort(key=lambda x: json.dumps(x, sort_keys=True))
        return items
    return v
for f in pathlib.Path(sys.argv[1]).iterdir():
    text = status.sub("CLOSED", closed.sub("CLOSED", iso.sub("TIME", f.read_text(errors="replace"))))
    if f.suffix in (".json", ".jsonl"):
        try:
            docs = [json.loads(l) for l in text.splitlines() if l.strip()] if f.suffix == ".jsonl" else [json.loads(text)]
            text = "\n".join(sorted(json.dumps(canon(d), sort_keys=True) for d in docs)) + "\n"
        except ValueError:
            pass
    elif f.name in ("lookup-ip.txt", "lookup-model.txt"):  # probe and device-id order follow completion order
        text = "\n".join(sorted(text.splitlines())) + "\n"
    elif f.name == "responses.csv":  # the seq column follows completion order
        lines = text.splitlines()
        text = "\n".join(lines[:1] + sorted(re.sub(r"^([^,]*,[^,]*),\d+,", r"\1,", l) for l in lines[1:])) + "\n"
    elif f.name == "verdicts.csv":  # evidence follows completion order too
        rows = list(csv.reader(io.StringIO(text)))
        for r in rows[1:]:
            r[7] = json.dumps(canon(json.loads(r[7])), sort_keys=True)
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        text = buf.getvalue()
    f.write_text(text)
PY
echo "snapshot: $(ls "$out" | wc -l) files in $out"
