# e2e (issue 14): `batch --pcap` reads a gzipped darknet capture (written by the pcap test
# writers), probes exactly its Mirai sources (SYN, seq == destination, source port > 1024)
# and stores them with their families; plain SYNs, UDP, backscatter and a privileged-port
# SYN never become targets, although the mock would answer them all.
source "$(dirname "$0")/prober_lib.sh"
: "${IOTPROBE_PCAP_WRITER:?IOTPROBE_PCAP_WRITER is not set (run through ctest)}"

"$IOTPROBE_PCAP_WRITER" "$WORK/darknet.pcap" "$WORK/darknet.pcap.gz"
start_mock --host logitec_router@127.0.9.1 --host micro_httpd@127.0.9.2 --host ddwrt@127.0.9.3 \
  --host ddwrt@127.0.9.4 --host ddwrt@127.0.9.5 --host ddwrt@127.0.9.6
"$IOTPROBE_BIN" batch --pcap "$WORK/darknet.pcap.gz" --day 2021-05-27 --db "$WORK/store.db" \
  --allow 127.0.0.0/8 --port-map "$PORT_MAP" --quiet --ssdp-window-ms 300 \
  --host-deadline-ms 30000 --transfer-deadline-ms 5000 --connect-timeout-ms 2000 >"$WORK/batch.out"
cat "$WORK/batch.out"
grep -q "targets 2 " "$WORK/batch.out" || fail "the summary does not count 2 targets"

python3 - "$WORK/store.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
hosts = dict(db.execute("SELECT ip, family FROM hosts"))
want = {"127.0.9.1": "logitec-router", "127.0.9.2": "micro-httpd"}
if hosts != want:
    print(f"FAIL: stored hosts {hosts}, expected {want}")
    sys.exit(1)
days = {d for (d,) in db.execute("SELECT DISTINCT day FROM hosts")}
state = db.execute("SELECT state FROM runs").fetchone()[0]
if days != {"2021-05-27"} or state != "finished":
    print(f"FAIL: days {days}, run state {state}")
    sys.exit(1)
print(f"batch --pcap: probed exactly the 2 Mirai sources, families {sorted(hosts.values())}")
PY
