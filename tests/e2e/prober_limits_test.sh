# e2e (issue 14): limits decided on the wire, each by the event it names, never by a clock:
#  1. the host deadline cuts a host whose transfer deadline is far longer (tarpits);
#  2. per_host_connections is what the device sees: the mock counts each host's open
#     connections, and the peak equals the limit (1, 2, 3) on a host with five tarpit ports;
#  3. a banner probe reads a non-HTTP greeting, and its byte cap holds;
#  4. max_in_flight is one total over every engine (--threads 2 and 3): a host with five
#     tarpit ports and a per-host limit of 5 sees exactly max_in_flight = 4 at once.
source "$(dirname "$0")/prober_lib.sh"

start_mock --report-connections --host tarpit@127.0.6.1 \
  --host tarpit_all@127.0.6.11 --host tarpit_all@127.0.6.12 --host tarpit_all@127.0.6.13 \
  --host tarpit_all@127.0.6.32 --host tarpit_all@127.0.6.33 \
  --host binary_greeting@127.0.6.21 --host binary_greeting@127.0.6.22
common=(--quiet --allow 127.0.0.0/8 --port-map "$PORT_MAP" --ssdp off)

# 1. Host deadline 1.5 s, transfer deadline 60 s: only the host deadline can end the tarpits.
echo 127.0.6.1 | "$IOTPROBE_BIN" scan --input - --jsonl "$WORK/deadline.jsonl" "${common[@]}" \
  --ports 80,52869 --host-deadline-ms 1500 --transfer-deadline-ms 60000 --connect-timeout-ms 1000
python3 - "$WORK/deadline.jsonl" <<'PY'
import json, sys
h = json.loads(open(sys.argv[1]).read())
gets = {p["port"]: p for p in h["probes"] if p["probe"] == "get_root"}
assert set(gets) == {80, 52869}, h["probes"]
for port, p in gets.items():
    assert p["status"] == "timeout" and p["detail"] == "host deadline", (port, p["status"], p["detail"])
# Well under the 60 s transfer deadline (the host deadline is 1.5 s; the rest is slack).
assert h["elapsed_ms"] < 30000, h["elapsed_ms"]
print(f"host deadline: both tarpit ports ended by 'host deadline' after {h['elapsed_ms']} ms")
PY

# 2. Five tarpit ports, transfer deadline 1 s: with limit L the device sees L at once, never more.
for limit in 1 2 3; do
  echo "127.0.6.1$limit" | "$IOTPROBE_BIN" scan --input - --jsonl "$WORK/limit$limit.jsonl" \
    "${common[@]}" --ports 80,81,52869,52881,37215 --per-host-connections "$limit" \
    --transfer-deadline-ms 1000 --connect-timeout-ms 1000 --host-deadline-ms 60000
done

# 3. The greeting is 24 bytes; the banner probe keeps them, or exactly its cap.
"$IOTPROBE_BIN" config show >"$WORK/banner.conf"
echo "banner.80 = none" >>"$WORK/banner.conf"
echo 127.0.6.21 | "$IOTPROBE_BIN" scan --config "$WORK/banner.conf" --input - --jsonl "$WORK/banner.jsonl" \
  "${common[@]}" --ports 81 --transfer-deadline-ms 1000 --connect-timeout-ms 1000
echo 127.0.6.22 | "$IOTPROBE_BIN" scan --config "$WORK/banner.conf" --input - --jsonl "$WORK/capped.jsonl" \
  "${common[@]}" --ports 81 --transfer-deadline-ms 1000 --connect-timeout-ms 1000 --banner-bytes 8

# 4. One host owns every connection: all 4 of the run's slots, whichever engine it lands on.
for threads in 2 3; do
  echo "127.0.6.3$threads" | "$IOTPROBE_BIN" scan --input - --jsonl "$WORK/threads$threads.jsonl" \
    "${common[@]}" --ports 80,81,52869,52881,37215 --per-host-connections 5 --max-in-flight 4 \
    --threads "$threads" --transfer-deadline-ms 1000 --connect-timeout-ms 1000 --host-deadline-ms 60000
done

stop_mock  # prints its connection report on exit
python3 - "$WORK" <<'PY'
import json, sys
work = sys.argv[1]
seen = {}
for line in open(f"{work}/mock.out"):
    if line.startswith("connections "):
        _, ip, _, peak, _, total = line.split()
        seen[ip] = (int(peak), int(total))
bad = []
for limit in (1, 2, 3):
    ip = f"127.0.6.1{limit}"
    host = json.loads(open(f"{work}/limit{limit}.jsonl").read())
    timeouts = [p for p in host["probes"] if p["probe"] == "get_root" and p["status"] == "timeout"]
    if len(timeouts) != 5: bad.append(f"limit {limit}: {len(timeouts)} of 5 ports timed out")
    peak, total = seen.get(ip, (0, 0))
    if peak != limit or total != 5:
        bad.append(f"limit {limit}: the device saw a peak of {peak} connections ({total} in all)")
    print(f"per_host_connections {limit}: peak {peak} on the wire, {total} connections")
for threads in (2, 3):
    peak, total = seen.get(f"127.0.6.3{threads}", (0, 0))
    if peak != 4 or total != 5:
        bad.append(f"--threads {threads}: the device saw a peak of {peak} ({total} in all), not 4 of max_in_flight 4")
    print(f"--threads {threads}, max_in_flight 4: peak {peak} on the wire, {total} connections")
banner = {p["port"]: p for p in json.loads(open(f"{work}/banner.jsonl").read())["probes"] if p["probe"] == "banner"}
capped = {p["port"]: p for p in json.loads(open(f"{work}/capped.jsonl").read())["probes"] if p["probe"] == "banner"}
if 80 not in banner or banner[80]["status"] != "ok" or banner[80]["raw_bytes"] != 24:
    bad.append(f"banner: expected the 24-byte greeting, got {banner.get(80)}")
if 80 not in capped or capped[80]["status"] != "too_large" or capped[80]["raw_bytes"] != 8:
    bad.append(f"banner cap: expected too_large with 8 bytes, got {capped.get(80)}")
print(f"banner: {banner.get(80, {}).get('raw_bytes')} bytes; capped: {capped.get(80, {}).get('status')}")
for b in bad: print("FAIL: " + b)
sys.exit(1 if bad else 0)
PY
