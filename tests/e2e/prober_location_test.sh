# e2e (issue 14): the SSDP LOCATION is followed to a path no config lists, and the identity
# it holds is the host's; a LOCATION whose document was already fetched as a description is
# not fetched twice. (The blocklist branch of a LOCATION: prober_location_blocklist_test.cpp.)
source "$(dirname "$0")/prober_lib.sh"

start_mock --host ssdp_location_unlisted@127.0.8.1 --host media_renderer@127.0.8.2
printf '127.0.8.1\n127.0.8.2\n' >"$WORK/targets.txt"
"$IOTPROBE_BIN" scan --input "$WORK/targets.txt" --jsonl "$WORK/out.jsonl" --quiet \
  --allow 127.0.0.0/8 --port-map "$PORT_MAP" --ports 80,52869 --ssdp-window-ms 500 \
  --host-deadline-ms 30000 --transfer-deadline-ms 5000 --connect-timeout-ms 2000

python3 - "$WORK/out.jsonl" <<'PY'
import json, sys
hosts = {h["ip"]: h for h in map(json.loads, open(sys.argv[1]))}
bad = []
# 1. The description lives only at the LOCATION's path: every configured path 404s on 52869.
h = hosts["127.0.8.1"]
descriptions = [p for p in h["probes"] if p["probe"] == "description" and p["port"] == 52869]
if not descriptions or any(p["status"] == "ok" for p in descriptions):
    bad.append(f"unlisted: a configured path found the description: {descriptions}")
locations = [p for p in h["probes"] if p["probe"] == "location"]
if len(locations) != 1 or locations[0]["path"] != "/dmr/desc-0001.xml" or locations[0]["status"] != "ok":
    bad.append(f"unlisted: expected one followed LOCATION /dmr/desc-0001.xml, got {locations}")
else:
    devices = (locations[0]["description"] or {}).get("devices") or []
    udns = [d.get("udn_normalized") for d in devices]
    if not udns or h["root_udn"] not in udns:
        bad.append(f"unlisted: root_udn {h['root_udn']} is not the LOCATION's UDN {udns}")
    if locations[0]["port"] != 52869:
        bad.append(f"unlisted: the LOCATION was fetched on port {locations[0]['port']}")
# 2. media_renderer's LOCATION is /description.xml on 80, a configured path already fetched.
m = hosts["127.0.8.2"]
fetched = [p for p in m["probes"] if p["probe"] == "description" and p["path"] == "/description.xml"
           and p["port"] == 80 and p["status"] == "ok"]
again = [p for p in m["probes"] if p["probe"] == "location"]
ssdp = [p for p in m["probes"] if p["probe"] == "ssdp" and p["status"] == "ok"]
if not fetched or not ssdp or again:
    bad.append(f"renderer: expected the description once and no LOCATION fetch; got {len(fetched)} "
               f"descriptions, {len(ssdp)} SSDP replies, {again} location fetches")
print(f"LOCATION checks on 2 hosts, {len(bad)} failed")
for b in bad: print("FAIL: " + b)
sys.exit(1 if bad else 0)
PY
