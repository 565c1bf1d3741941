# Shared helpers for the `follow` end-to-end scripts (sourced, never run alone): a packet
# plan from the fleet's manifest, the pcap written from it by the pcap test writers, a
# pacer that streams a pcap at a controlled packet rate (stamping each record with the
# time it is sent, as a live capture would), and follow's flags against the mock fleet.
# Loopback only: callers run inside scripts/netns-run; every probed address is 127.x.y.z.
source "$(dirname "${BASH_SOURCE[0]}")/store_lib.sh"
: "${IOTPROBE_FOLLOW_PCAP_WRITER:?IOTPROBE_FOLLOW_PCAP_WRITER is not set (run through ctest)}"

# The infected addresses of DAY's manifest online in EPOCH, one per line, sorted.
# usage: infected_ips FLEET_DIR DAY EPOCH
infected_ips() {
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys
fleet, day, epoch = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(f"{fleet}/manifest-{day}.jsonl") as f:
    ips = {r["ip"] for r in map(json.loads, f) if r["infected"] and r["epoch"] <= epoch <= r["epoch_last"]}
print("\n".join(sorted(ips, key=lambda ip: tuple(map(int, ip.split("."))))))
PY
}

# A benign fleet of DEVICES hosts for one day (2021-05-27, one epoch), served by the mock;
# its infected addresses go to WORK/infected.txt and follow_args is set.
# usage: start_follow_fleet WORK DEVICES SEED
start_follow_fleet() {
  "$IOTPROBE_MOCK_BIN" fleet --devices "$2" --days 1 --seed "$3" --epochs 1 --intraday-share 0 \
    --mix "$IOTPROBE_SOURCE_DIR/tests/mock/mixes/benign.mix" --out "$1/fleet" >/dev/null
  infected_ips "$1/fleet" 2021-05-27 0 >"$1/infected.txt"
  start_mock "$1/fleet" 2021-05-27 0
  follow_args
}

# The first N infected addresses of WORK/infected.txt into OUT (fails if there are fewer).
# usage: first_infected WORK N OUT
first_infected() {
  head -n "$2" "$1/infected.txt" >"$3"
  (( $(wc -l <"$3") == $2 )) || { echo "FAIL: the fleet has fewer than $2 infected hosts"; exit 1; }
}

# usage: write_plan_pcap PLAN OUT.pcap   (plan lines: SECONDS KIND SRC DST DPORT)
write_plan_pcap() { "$IOTPROBE_FOLLOW_PCAP_WRITER" "$2" <"$1"; }

# Streams a pcap to stdout at RATE records/s. With "live", each record is stamped with
# the wall time it is sent (so the sighting-to-probe lag is real); otherwise its own time
# is kept. usage: pace_pcap FILE RATE live|keep
pace_pcap() {
  python3 - "$1" "$2" "$3" <<'PY'
import struct, sys, time
path, rate, live = sys.argv[1], float(sys.argv[2]), sys.argv[3] == "live"
data = open(path, "rb").read()
out = sys.stdout.buffer
out.write(data[:24]); out.flush()
pos, n, began = 24, 0, time.monotonic()
try:
    while pos + 16 <= len(data):
        sec, usec, caplen, length = struct.unpack_from("<IIII", data, pos)
        record = bytearray(data[pos:pos + 16 + caplen])
        if live:
            now = time.time()
            struct.pack_into("<II", record, 0, int(now), int((now % 1) * 1e6))
        wait = began + n / rate - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        out.write(record); out.flush()
        pos += 16 + caplen
        n += 1
except BrokenPipeError:
    sys.exit(0)
PY
}

# follow against the mock fleet (store_port_map set by start_mock), quiet probes but with
# its progress lines every second, in the array follow_args. usage: follow_args
follow_args() {
  follow_args=(--allow 127.0.0.0/8 --port-map "$store_port_map" --host-deadline-ms 20000
               --connect-timeout-ms 5000 --transfer-deadline-ms 6000 --ssdp-window-ms 1000
               --progress-every 1)
}

# usage: sql DB QUERY   (prints rows, |-separated)
sql() {
  python3 - "$1" "$2" <<'PY'
import sqlite3, sys
for row in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
PY
}
