# e2e (issue 14): a device cannot grow the store without bound. Hosts sending an endless
# body on port 80 are stored by `batch` with stored_raw_bytes_per_host = 10000, below the
# 16 KiB each probe may keep: each host's stored raw bytes stay within the cap, while the
# recorded sizes (raw_bytes) show how much more the devices sent.
source "$(dirname "$0")/prober_lib.sh"

hosts=(); : >"$WORK/targets.txt"
for k in 1 2 3; do
  hosts+=(--host "endless_body@127.61.0.$k")
  echo "127.61.0.$k" >>"$WORK/targets.txt"
done
start_mock "${hosts[@]}"
"$IOTPROBE_BIN" batch --input "$WORK/targets.txt" --day 2021-05-27 --db "$WORK/store.db" \
  --allow 127.0.0.0/8 --port-map "$PORT_MAP" --quiet --host-deadline-ms 8000 \
  --connect-timeout-ms 2000 --transfer-deadline-ms 3000 --ssdp-window-ms 300 \
  --stored-raw-bytes-per-host 10000 \
  >/dev/null || fail "the batch failed"
python3 - "$WORK/store.db" <<'PY' || fail "a host's stored raw bytes passed the cap"
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute(
    "SELECT h.ip, sum(length(r.raw)), sum(r.raw_bytes), count(*) FROM hosts h "
    "JOIN responses r ON r.host_id = h.id GROUP BY h.ip ORDER BY h.ip").fetchall()
for ip, stored, sent, probes in rows:
    print(f"{ip}: {probes} responses, {sent} raw bytes read, {stored} stored")
assert len(rows) == 3, rows
assert all(stored <= 10000 for _, stored, _, _ in rows)
assert any(sent > 16384 for _, _, sent, _ in rows), "no host sent enough to test the cap"
PY
echo "store raw-cap e2e: passed"
