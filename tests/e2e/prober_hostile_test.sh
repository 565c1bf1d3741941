# e2e (issue 5): every hostile persona ends in its expected status within its deadline,
# a LOCATION or redirect to another host is refused (blocked) by the same-host rule, and
# `probe` prints a clear error for a reserved target and exits 1 without sending anything
# to it. (A LOCATION refused by the blocklist itself: prober_location_blocklist_test.cpp.)
source "$(dirname "$0")/prober_lib.sh"

# persona  port  probe  expected-status(es, a|b)  [path]
# (duplicate_status: curl refuses it; the raw GET / fallback lets the lenient parser read it)
# (a closed port behind the mock's shared listener is an accept + RST: refused or reset)
cat >"$WORK/expect.txt" <<'T'
closed_ports 80 get_root refused|reset
tarpit 80 get_root timeout
tarpit 52869 get_root timeout
trickle 80 get_root timeout
endless_body 80 get_root too_large
huge_body 80 get_root too_large
huge_header 80 get_root too_large
binary_greeting 80 get_root not_http
duplicate_status 80 get_root ok
http09 80 get_root ok
bad_chunked 80 get_root reset
reset_mid 80 get_root reset
half_close 80 get_root reset
space_in_header 80 get_root ok
truncated_xml 52869 description parse_error /picsdesc.xml
deep_xml 52869 description parse_error|too_large /picsdesc.xml
billion_laughs 52881 description parse_error /simplecfg.xml
redirect_other_host 80 redirect blocked
redirect_loop 80 redirect skipped
ssdp_location_other_host 1900 location blocked
ssdp_location_blocked 1900 location blocked
T
hosts=(); : >"$WORK/targets.txt"; : >"$WORK/map.txt"; i=10
for name in $(awk '{print $1}' "$WORK/expect.txt" | uniq); do
  hosts+=(--host "$name@127.0.2.$i"); echo "127.0.2.$i" >>"$WORK/targets.txt"
  echo "127.0.2.$i $name" >>"$WORK/map.txt"; i=$((i + 1))
done
start_mock "${hosts[@]}"

# Deadlines long enough that a loaded (or sanitized) machine never turns a reset, a parse
# error or a cap into a timeout; the tarpits and the trickle still time out.
DEADLINE=20000
"$IOTPROBE_BIN" scan --input "$WORK/targets.txt" --jsonl "$WORK/out.jsonl" --quiet \
  --allow 127.0.0.0/8 --port-map "$PORT_MAP" --host-deadline-ms $DEADLINE \
  --transfer-deadline-ms 6000 --connect-timeout-ms 5000 --max-body-bytes 65536

python3 - "$WORK/expect.txt" "$WORK/map.txt" "$WORK/out.jsonl" $DEADLINE <<'PY'
import json, sys
rules = [l.split() for l in open(sys.argv[1]) if l.strip()]
ip_of = {name: ip for ip, name in (l.split() for l in open(sys.argv[2]))}
deadline = int(sys.argv[4])
hosts = {h["ip"]: h for h in map(json.loads, open(sys.argv[3]))}
bad = []
for ip in ip_of.values():
    if ip not in hosts: bad.append(f"{ip}: no result")
for name, ip in ip_of.items():
    h = hosts.get(ip)
    if h and h["elapsed_ms"] > deadline + 5000:  # generous: a loaded machine fires timers late
        bad.append(f"{name}: took {h['elapsed_ms']} ms, deadline {deadline}")
    if h:
        for p in h["probes"]:
            if p["http"] and p["raw_bytes"] > 65536 + 32768:
                bad.append(f"{name}: kept {p['raw_bytes']} raw bytes, over the caps")
for rule in rules:
    name, port, probe, status = rule[:4]
    path = rule[4] if len(rule) > 4 else None
    h = hosts.get(ip_of[name])
    if not h: continue
    got = [p for p in h["probes"] if p["port"] == int(port) and p["probe"] == probe
           and (path is None or p["path"] == path)]
    statuses = [p["status"] for p in got]
    if not got or statuses[-1 if probe == "redirect" else 0] not in status.split("|"):
        bad.append(f"{name}: {port}/{probe} expected {status}, got {statuses}")
loop = [p for p in hosts[ip_of["redirect_loop"]]["probes"] if p["probe"] == "redirect" and p["status"] != "skipped"]
if len(loop) != 2: bad.append(f"redirect_loop: followed {len(loop)} redirects, cap is 2")
# These LOCATIONs and redirects name another address (192.0.2.1 is also reserved): the
# same-host rule refuses them before the blocklist is asked, and the detail says so.
for name in ("redirect_other_host", "ssdp_location_other_host", "ssdp_location_blocked"):
    refused = [p for p in hosts[ip_of[name]]["probes"]
               if p["probe"] in ("redirect", "location") and p["status"] == "blocked"]
    if not refused or any("is not the target" not in p["detail"] for p in refused):
        bad.append(f"{name}: expected a 'not the target' refusal, got {[p['detail'] for p in refused]}")
# A header name with a space is kept as it is, never read as the Server header.
sp = [p for p in hosts[ip_of["space_in_header"]]["probes"] if p["probe"] == "get_root" and p["port"] == 80]
if not sp or not sp[0]["http"] or sp[0]["http"]["server"] is not None or sp[0]["http"]["title"] != "Device" \
        or ["Server Name", "hostile"] not in sp[0]["http"]["headers"]:
    bad.append(f"space_in_header: 'Server Name' was misread: {sp[0]['http'] if sp else None}")
dup = [p for p in hosts[ip_of["duplicate_status"]]["probes"] if p["probe"] == "get_root" and p["port"] == 80]
if not dup or "raw GET after curl" not in dup[0]["detail"]:
    bad.append(f"duplicate_status: curl's refusal was not retried over a raw socket: {dup}")
print(f"{len(rules)} expectations over {len(ip_of)} hostile hosts, {len(bad)} failed")
for b in bad: print("  " + b)
sys.exit(1 if bad else 0)
PY

# A reserved target: a clear error, exit 1, and nothing dialled (no result printed).
set +e
"$IOTPROBE_BIN" probe 192.0.2.1 >"$WORK/probe.out" 2>"$WORK/probe.err"
code=$?
set -e
[[ $code -eq 1 ]] || fail "probe of a reserved target exited $code, expected 1"
grep -q "refusing to probe 192.0.2.1 (blocklist)" "$WORK/probe.err" || fail "no clear error: $(cat "$WORK/probe.err")"
grep -q "reserved range 192.0.2.0/24" "$WORK/probe.err" || fail "error does not name the range"
[[ ! -s "$WORK/probe.out" ]] || fail "probe printed a result for a blocked target"
# Loopback without --allow is refused too (the mock fleet needs an explicit allow).
set +e
"$IOTPROBE_BIN" probe 127.0.2.10 --port-map "$PORT_MAP" >"$WORK/probe2.out" 2>"$WORK/probe2.err"
code=$?
set -e
[[ $code -eq 1 ]] || fail "probe of loopback without --allow exited $code"
# A user exclude beats --allow.
echo "127.0.2.0/24" >"$WORK/exclude.conf"
"$IOTPROBE_BIN" probe 127.0.2.10 --allow 127.0.0.0/8 --exclude "$WORK/exclude.conf" --dry-run >"$WORK/dry.out"
grep -q "REFUSE 127.0.2.10 exclude" "$WORK/dry.out" || fail "exclude did not beat allow: $(cat "$WORK/dry.out")"
echo "blocked-target checks passed"
